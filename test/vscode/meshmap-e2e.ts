/**
 * Browser suite for the mesh map: code-server with the packaged .vsix, Chromium driving it. A
 * tiered project whose database also joins the API tier's network (a co-membership violation) is
 * running on the engine; the map opens from the palette and shows its tiers, networks and
 * services, the database in red, the services coloured by live health (a container stopped on the
 * engine changes colour); themes chosen with the map open (light, high contrast, dark) draw it in
 * the workbench's colours, allowed connections still green and violations red; it fits the panel,
 * zooms and pans; an edit that leaves the map as it is does not draw it again (the zoom stays);
 * clicking the violation and a node opens their lines; editing the membership away redraws the
 * map without the violation. Screenshots land in .vscode-test/screenshots/.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type FrameLocator, type Locator, type Page } from 'playwright-core';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  chooseTheme,
  contrastRatio,
  launchCodeServer,
  openWorkbench,
  requireWorkbench,
  Steps,
  workbenchColours,
  type CodeServer,
} from './harness';

const steps = new Steps('meshmap-');
const step = steps.run.bind(steps);

const COMPOSE = (project: string) => `name: ${project}
services:
  web:
    image: busybox:1.36
    command: ["sh", "-c", "touch /tmp/ok && exec sleep 600"]
    healthcheck: { test: ["CMD", "test", "-f", "/tmp/ok"], interval: 1s }
    environment:
      API_URL: http://api:8001
    networks: [front]
  api:
    image: busybox:1.36
    command: ["sleep", "600"]
    environment:
      DB: postgres://db:5432/app
    networks: [front, back]
  db:
    image: busybox:1.36
    command: ["sleep", "600"]
    networks: [back, front]
networks:
  front:
  back:
    internal: true
`;

const CONTRACT = `tiers:
  edge: { networks: [front], reach: [app] }
  app: { reach: [data] }
  data: { networks: [back], internal: true }
services: { web: edge, api: app, db: data }
`;

/** The line the editor's cursor is on, from the status bar ("Ln 18, Col 5"). */
async function cursorLine(page: Page): Promise<number> {
  const text = await page
    .locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ })
    .first()
    .textContent({ timeout: 10_000 });
  return Number(/Ln (\d+)/.exec(text ?? '')?.[1]);
}

async function waitCursor(page: Page, line: number): Promise<void> {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await page.waitForTimeout(200))
    if ((await cursorLine(page).catch(() => 0)) === line) return;
  throw new Error(`the cursor is on line ${await cursorLine(page)}, not ${line}`);
}

/** What `lookMap` uses of the webview's DOM (the test project compiles without the DOM's types). */
type MapWebview = {
  getComputedStyle(e: unknown): { getPropertyValue(name: string): string };
  document: {
    body: { className: string };
    querySelector(selector: string): unknown;
    querySelectorAll(selector: string): ArrayLike<unknown>;
    createElement(tag: 'canvas'): {
      getContext(
        kind: '2d',
        options: { willReadFrequently: boolean },
      ): {
        fillStyle: string;
        clearRect(x: number, y: number, w: number, h: number): void;
        fillRect(x: number, y: number, w: number, h: number): void;
        getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
      };
    };
  };
};

/** What the user sees of the map's colours, each as red, green, blue, alpha (0-255). */
interface MapColours {
  /** The webview body's classes (`vscode-light`, …). */
  kind: string;
  /** The workbench's editor background and text, as the webview draws them. */
  theme: { background: number[]; text: number[] };
  stage: number[];
  tierLabel: number[];
  /** Each service that is not a violation: its label and the fill of its box. */
  services: { name: string; label: number[]; box: number[] }[];
  forbidden: number[];
  allowed: number[];
}

/** Runs inside the webview (serialized: all it needs comes in as its argument): the colours the map is drawn in. */
function lookMap(_body: unknown, theme: { background: string; text: string }): MapColours {
  const w = globalThis as unknown as MapWebview;
  const scratch = w.document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  // Any CSS colour (rgb(), color(srgb …), #hex) as the canvas draws it.
  const drawn = (css: string) => {
    scratch.clearRect(0, 0, 1, 1);
    scratch.fillStyle = 'transparent';
    scratch.fillStyle = css;
    scratch.fillRect(0, 0, 1, 1);
    return Array.from(scratch.getImageData(0, 0, 1, 1).data);
  };
  const style = (e: unknown, property: string) => drawn(w.getComputedStyle(e).getPropertyValue(property));
  const at = (selector: string, property: string) => {
    const e = w.document.querySelector(selector);
    if (!e) throw new Error(`nothing is drawn as ${selector}`);
    return style(e, property);
  };
  const services = Array.from(w.document.querySelectorAll('g.mesh-service:not(.mesh-violation)')).map((g) => {
    const e = g as { dataset: { name: string }; querySelector(selector: string): unknown };
    return { name: e.dataset.name, label: style(e.querySelector('text'), 'fill'), box: style(e.querySelector('rect'), 'fill') };
  });
  return {
    kind: w.document.body.className,
    theme: { background: drawn(theme.background), text: drawn(theme.text) },
    stage: at('#stage', 'background-color'),
    tierLabel: at('g.mesh-tier text', 'fill'),
    services,
    forbidden: at('g.mesh-attachment.mesh-violation path.mesh-line', 'stroke'),
    allowed: at('g.mesh-reference.mesh-allowed path.mesh-line', 'stroke'),
  };
}

/** Why the map does not show the theme `kind` in the workbench's colours; none if it does. */
function mapThemeProblems(seen: MapColours, kind: string): string[] {
  const problems: string[] = [];
  const css = (c: number[]) => `rgba(${c.join(', ')})`;
  if (!seen.kind.split(' ').includes(kind)) problems.push(`the webview's body is "${seen.kind}", not ${kind}`);
  const same: [string, number[], number[]][] = [
    ['map background', seen.stage, seen.theme.background],
    ['tier label', seen.tierLabel, seen.theme.text],
    ...seen.services.map((s): [string, number[], number[]] => [`label of ${s.name}`, s.label, seen.theme.text]),
  ];
  for (const [what, shown, theirs] of same) if (shown.join() !== theirs.join()) problems.push(`${what} is ${css(shown)}, the workbench's is ${css(theirs)}`);
  const ratio = contrastRatio(seen.tierLabel, seen.stage);
  if (ratio < 4.5) problems.push(`label text on the map background has a contrast of ${ratio.toFixed(2)}:1, under 4.5:1`);
  for (const s of seen.services) {
    const onBox = contrastRatio(s.label, s.box);
    if (onBox < 4.5) problems.push(`${s.name}'s label on its box ${css(s.box)} has a contrast of ${onBox.toFixed(2)}:1, under 4.5:1`);
  }
  const [r, g, b] = seen.forbidden;
  if (!(r >= g + 60 && r >= b + 60)) problems.push(`the forbidden membership is drawn in ${css(seen.forbidden)}, not red`);
  const [r2, g2, b2] = seen.allowed;
  if (!(g2 >= r2 + 40 && g2 >= b2 + 40)) problems.push(`the allowed connection is drawn in ${css(seen.allowed)}, not green`);
  // WCAG's minimum for lines that carry meaning.
  for (const [what, line] of [
    ['forbidden', seen.forbidden],
    ['allowed', seen.allowed],
  ] as const)
    if (contrastRatio(line, seen.stage) < 3) problems.push(`the ${what} line ${css(line)} has a contrast under 3:1 on the map background`);
  return problems;
}

/** Chooses a theme and waits (15 s at most) until the open map shows it in the workbench's colours; what it then shows. */
async function mapShowsTheme(page: Page, map: FrameLocator, label: string, kind: string): Promise<MapColours> {
  await chooseTheme(page, label);
  let problems: string[] = [];
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await page.waitForTimeout(250)) {
    const theme = await workbenchColours(page, { background: '--vscode-editor-background', text: '--vscode-editor-foreground' });
    const seen = await map.locator('body').evaluate(lookMap, theme);
    problems = mapThemeProblems(seen, kind);
    if (!problems.length) return seen;
  }
  throw new Error(`in ${label}: ${problems.join('; ')}`);
}

/** The element's box on the page, once it is drawn (a redraw between two reads can detach it for a moment). */
async function steadyBox(element: Locator): Promise<{ x: number; y: number; width: number; height: number } | null> {
  for (const deadline = Date.now() + 5000; ; await new Promise((r) => setTimeout(r, 100))) {
    const box = await element.boundingBox();
    if (box || Date.now() > deadline) return box;
  }
}

async function main(): Promise<void> {
  requireWorkbench('mesh map browser suite');
  const docker = spawnSync('docker', ['info']).status === 0;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-meshmap-e2e-'));
  const workspace = path.join(work, 'workspace');
  fs.mkdirSync(workspace);
  const project = `contractmap${process.pid}`;
  const compose = COMPOSE(project);
  fs.writeFileSync(path.join(workspace, 'compose.yaml'), compose);
  fs.writeFileSync(path.join(workspace, 'network-contract.yaml'), CONTRACT);
  const lineOf = (needle: string) => compose.slice(0, compose.indexOf(needle)).split('\n').length;
  if (docker) {
    const up = spawnSync('docker', ['compose', '-p', project, 'up', '-d', '--wait'], { cwd: workspace, encoding: 'utf8' });
    if (up.status !== 0) throw new Error(`docker compose up failed: ${up.stderr}`);
  }
  let server: CodeServer | undefined;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    server = await launchCodeServer(work, workspace);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await openWorkbench(page, server);
    let map: FrameLocator | undefined;
    const violation = lineOf('networks: [back, front]');
    await step(
      'the mesh map opens with tiers, networks and services, the violation in red',
      async () => {
        await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'compose.yaml' }).first().click();
        await page.waitForSelector('.squiggly-error', { timeout: 60_000 });
        await page.keyboard.press('F1');
        await page.keyboard.type('Compose Mesh: Show Mesh Map');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Compose Mesh: Show Mesh Map' }).first().click({ timeout: 10_000 });
        map = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
        await map.locator('#summary', { hasText: '1 violation' }).waitFor({ timeout: 30_000 });
        for (const tier of ['edge', 'app', 'data']) await map.locator(`g.mesh-tier[data-tier="${tier}"]`).waitFor({ timeout: 5000 });
        for (const n of ['front', 'back']) await map.locator(`g.mesh-network[data-name="${n}"]`).waitFor({ timeout: 5000 });
        for (const s of ['web', 'api', 'db']) await map.locator(`g.mesh-service[data-name="${s}"]`).waitFor({ timeout: 5000 });
        await map.locator('g.mesh-service.mesh-violation[data-name="db"]').waitFor({ timeout: 5000 });
        await map.locator('g.mesh-reference.mesh-allowed').first().waitFor({ timeout: 5000 });
        const text = await map.locator('#violations li').first().textContent();
        if (!text?.startsWith(`compose.yaml:${violation} Service "db" (tier data) joins network "front"`)) throw new Error(`violation listed as: ${text}`);
      },
      page,
    );
    if (docker) {
      await step(
        'services are coloured by their live health',
        async () => {
          if (!map) throw new Error('no map');
          await map.locator('g.mesh-service[data-name="web"][data-health="healthy"]').waitFor({ timeout: 30_000 });
          await map.locator('g.mesh-service[data-name="db"][data-health="running"]').waitFor({ timeout: 10_000 });
        },
        page,
      );
      await step(
        'a container stopped on the engine changes its service colour on the open map',
        async () => {
          if (!map) throw new Error('no map');
          spawnSync('docker', ['stop', '--time', '0', `${project}-web-1`]);
          await map.locator('g.mesh-service[data-name="web"][data-health="stopped"]').waitFor({ timeout: 10_000 });
        },
        page,
      );
    }
    await step(
      "themes chosen with the map open (Light Modern, Dark High Contrast, Dark Modern): it takes the workbench's background and text, allowed stays green, forbidden red",
      async () => {
        if (!map) throw new Error('no map');
        const light = await mapShowsTheme(page, map, 'Light Modern', 'vscode-light');
        await mapShowsTheme(page, map, 'Dark High Contrast', 'vscode-high-contrast');
        const dark = await mapShowsTheme(page, map, 'Dark Modern', 'vscode-dark');
        // Else the step could not tell a redraw from none.
        if (dark.stage.join() === light.stage.join() || dark.tierLabel.join() === light.tierLabel.join())
          throw new Error('Dark Modern draws the map in the colours of Light Modern');
      },
      page,
    );
    await step(
      'the map fits the panel; +, the wheel and a drag zoom and pan it; Fit shows it whole again',
      async () => {
        if (!map) throw new Error('no map');
        const svg = map.locator('#stage svg');
        const viewBox = async () => (await svg.getAttribute('viewBox'))?.split(' ').map(Number) ?? [];
        // Drawn fitted: the viewBox is the whole extent of the layout, from its origin.
        const whole = (await viewBox()).join(' ');
        if (!/^0 0 \d+(\.\d+)? \d+(\.\d+)?$/.test(whole)) throw new Error(`first drawn with viewBox ${whole}, not the whole map`);
        const frame = await page.locator('iframe.webview.ready').boundingBox();
        const box = await steadyBox(svg);
        if (!frame || !box || box.x < frame.x || box.x + box.width > frame.x + frame.width + 1 || box.y + box.height > frame.y + frame.height + 1)
          throw new Error(`the map (${JSON.stringify(box)}) does not fit the panel (${JSON.stringify(frame)})`);
        const [, , w0] = await viewBox();
        await map.locator('button[data-cmd="in"]').click();
        const [, , w1] = await viewBox();
        if (!(w1 < w0)) throw new Error(`+ did not zoom in: viewBox width ${w0} → ${w1}`);
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.mouse.wheel(0, -200);
        await page.waitForTimeout(200);
        const [x2, y2, w2] = await viewBox();
        if (!(w2 < w1)) throw new Error(`the wheel did not zoom in: viewBox width ${w1} → ${w2}`);
        // A drag on an empty spot of the stage (its top-left corner, outside every node).
        await page.mouse.move(box.x + 5, box.y + 5);
        await page.mouse.down();
        await page.mouse.move(box.x + 105, box.y + 65, { steps: 5 });
        await page.mouse.up();
        const [x3, y3] = await viewBox();
        if (!(x3 < x2 && y3 < y2)) throw new Error(`the drag did not pan: viewBox from ${x2} ${y2} to ${x3} ${y3}`);
        await map.locator('button[data-cmd="fit"]').click();
        if ((await viewBox()).join(' ') !== whole) throw new Error(`Fit left viewBox ${(await viewBox()).join(' ')}, not ${whole}`);
      },
      page,
    );
    await step(
      "an edit that leaves the map as it is keeps the drawn map and the user's zoom",
      async () => {
        if (!map) throw new Error('no map');
        await map.locator('button[data-cmd="in"]').click();
        const svg = map.locator('#stage svg');
        const zoomed = await svg.getAttribute('viewBox');
        // A mark on the drawn element itself: a redraw replaces the element and loses it.
        await svg.evaluate((e) => ((e as unknown as { kept: boolean }).kept = true));
        await page.locator('.monaco-editor .view-lines').first().click();
        await page.keyboard.press('Control+End');
        await page.keyboard.type('\n# the map does not change');
        // The panel redraws 250 ms after an edit settles; give it ample time to (wrongly) do so.
        await page.waitForTimeout(2000);
        if (!(await svg.evaluate((e) => (e as unknown as { kept?: boolean }).kept === true))) throw new Error('the unchanged map was drawn again');
        if ((await svg.getAttribute('viewBox')) !== zoomed) throw new Error(`the zoom was lost: viewBox ${await svg.getAttribute('viewBox')}, was ${zoomed}`);
        await map.locator('button[data-cmd="fit"]').click();
      },
      page,
    );
    await step(
      'clicking the violation opens its line; clicking a node opens its line',
      async () => {
        if (!map) throw new Error('no map');
        await map.locator('#violations a').first().click();
        await waitCursor(page, violation);
        await map.locator('g.mesh-service[data-name="api"]').click();
        await waitCursor(page, lineOf('  api:'));
      },
      page,
    );
    await step(
      'an edit that removes the membership redraws the map without the violation',
      async () => {
        if (!map) throw new Error('no map');
        await map.locator('#violations a').first().click();
        await waitCursor(page, violation);
        // The click selected the line's text: type its fixed version over it.
        await page.keyboard.type('networks: [back]');
        await map.locator('#summary', { hasText: 'No violations' }).waitFor({ timeout: 30_000 });
        if ((await map.locator('#violations li').count()) !== 0) throw new Error('violations still listed');
        if ((await map.locator('g.mesh-service.mesh-violation').count()) !== 0) throw new Error('a service is still drawn in red');
      },
      page,
    );
  } finally {
    server?.process.kill();
    await browser.close();
    if (docker) spawnSync('docker', ['compose', '-p', project, 'down', '--timeout', '0'], { cwd: workspace });
  }
  steps.report('mesh map browser');
}

main().catch((err: Error) => {
  console.error(`mesh map browser suite: ${err.stack ?? err.message}`);
  process.exit(1);
});
