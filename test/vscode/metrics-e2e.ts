/**
 * Browser suite for the metrics dashboard: code-server with the packaged .vsix, Chromium driving
 * it. The test starts a project from the palette, makes a service unhealthy twice and healthy
 * again, opens the dashboard from the health view's title bar, and reads what a user reads there:
 * the episodes, the MTTR (within a second of what the test measured on the engine), the start,
 * the health coverage — the CLI reading the same store agrees. A second Start that pre-flight
 * blocks (a port the test holds) shows as a failure before up there, in the CLI and at the opt-in
 * OpenMetrics endpoint. Then themes chosen with the dashboard open (dark high contrast, two light
 * ones, a dark one): each time its page, text and charts (their pixels) are drawn again in the
 * theme's colours, read from the workbench around it. Last, the folder untrusted: no endpoint,
 * whatever the setting, until the folder is trusted. Screenshots land in .vscode-test/screenshots/.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type FrameLocator, type Page } from 'playwright-core';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  ROOT as root,
  chooseTheme,
  contrastRatio,
  freePort,
  launchCodeServer,
  openWorkbench,
  requireWorkbench,
  skipOrFail,
  Steps,
  workbenchColours,
  type CodeServer,
} from './harness';

const steps = new Steps('metrics-');
const step = steps.run.bind(steps);

function health(container: string): string {
  return spawnSync('docker', ['inspect', '-f', '{{.State.Health.Status}}', container], { encoding: 'utf8' }).stdout.trim();
}

async function waitHealth(container: string, status: string): Promise<number> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50)))
    if (health(container) === status) return Date.now();
  throw new Error(`${container} never became ${status}`);
}

/** Seconds in the dashboard's way of writing a duration ("12.3 s", "1 min 5 s"). */
function seconds(text: string): number {
  const m = /^(?:(\d+) min )?([\d.]+) s$/.exec(text.trim());
  if (!m) throw new Error(`not a duration: "${text}"`);
  return Number(m[1] ?? 0) * 60 + Number(m[2]);
}

type Styles = { getComputedStyle(e: unknown): { getPropertyValue(name: string): string } };

/** `#6fc3df` as computed styles write it: `rgb(111, 195, 223)`. */
function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

/** The theme colours the dashboard is to draw in, by the variable VS Code sets for them in the workbench and in webviews alike. */
const THEME_COLOURS = {
  text: '--vscode-foreground',
  background: '--vscode-editor-background',
  grid: '--vscode-editorWidget-border',
  healthy: '--vscode-charts-green',
  unhealthy: '--vscode-charts-red',
  starting: '--vscode-charts-yellow',
  down: '--vscode-charts-orange',
  unmonitored: '--vscode-charts-blue',
};
type Role = keyof typeof THEME_COLOURS;
/** A colour as a canvas stores it: red, green, blue, alpha, 0-255 each. */
type Rgba = number[];
type Chart = 'timeline' | 'trend';

/** What the user sees of the dashboard, read inside its webview. */
interface Seen {
  /** The body's classes (`vscode-light`, …). */
  kind: string;
  /** The workbench's theme colours, as the webview's canvases store them. */
  theme: Record<Role, Rgba>;
  page: { background: Rgba; text: Rgba; healthySwatch: Rgba };
  /** Each chart's drawn pixels, counted by colour (`r,g,b,a`). */
  charts: Record<Chart, Record<string, number>>;
}

/** What `look` uses of the webview's DOM (the test project compiles without the DOM's types). */
type Context2d = {
  fillStyle: string;
  clearRect(x: number, y: number, w: number, h: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
};
type Canvas = { width: number; height: number; getContext(kind: '2d', options?: { willReadFrequently: boolean }): Context2d };
type Webview = Styles & { document: { body: { className: string }; querySelector(selector: string): unknown; createElement(tag: 'canvas'): Canvas } };

/** Runs inside the webview (serialized: all it needs comes in as its argument): the page's colours and the charts' pixels. */
function look(_body: unknown, colours: Record<Role, string>): Seen {
  const w = globalThis as unknown as Webview;
  const scratch = w.document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  // A CSS colour drawn on a transparent canvas, so that it compares with the charts' pixels.
  const stored = (css: string) => {
    scratch.clearRect(0, 0, 1, 1);
    scratch.fillStyle = 'transparent';
    scratch.fillStyle = css;
    scratch.fillRect(0, 0, 1, 1);
    return Array.from(scratch.getImageData(0, 0, 1, 1).data);
  };
  const style = (selector: string, property: string) => w.getComputedStyle(w.document.querySelector(selector)).getPropertyValue(property);
  const pixels = (selector: string) => {
    const counts: Record<string, number> = {};
    const canvas = w.document.querySelector(selector) as Canvas | null;
    if (!canvas) return counts;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < data.length; i += 4) {
      const key = `${data[i]},${data[i + 1]},${data[i + 2]},${data[i + 3]}`;
      if (data[i + 3]) counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  };
  return {
    kind: w.document.body.className,
    theme: Object.fromEntries(Object.entries(colours).map(([role, css]) => [role, stored(css)])) as Record<Role, Rgba>,
    page: {
      background: stored(style('body', 'background-color')),
      text: stored(style('body', 'color')),
      healthySwatch: stored(style('.swatch.healthy', 'background-color')),
    },
    charts: { timeline: pixels('.timeline canvas'), trend: pixels('.trend canvas') },
  };
}

/**
 * Whether a drawn pixel is in `colour`: antialiasing leaves an edge pixel partly covered, the
 * colour at less opacity (and unpremultiplying it rounds the less exactly, the more transparent).
 */
function drawnIn(pixel: Rgba, colour: Rgba): boolean {
  const a = pixel[3];
  if (a > colour[3] + 2 || a < colour[3] / 2) return false;
  return [0, 1, 2].every((i) => Math.abs(pixel[i] - colour[i]) <= 2 + 255 / a);
}

/** A chart's pixels at least half opaque, by the theme colour they are drawn in (one in several if the theme has equal colours), `other` for none. */
function tally(counts: Record<string, number>, theme: Record<Role, Rgba>): Record<Role | 'other', number> {
  const out = Object.fromEntries([...Object.keys(theme), 'other'].map((k) => [k, 0])) as Record<Role | 'other', number>;
  for (const [key, n] of Object.entries(counts)) {
    const pixel = key.split(',').map(Number);
    const roles = (Object.keys(theme) as Role[]).filter((role) => drawnIn(pixel, theme[role]));
    for (const role of roles) out[role] += n;
    if (!roles.length && pixel[3] >= 128) out.other += n;
  }
  return out;
}

/**
 * The fewest pixels each chart must draw in each theme colour: the timeline (api healthy, twice
 * unhealthy, worker without a health check) and the start trend (one healthy start, one blocked).
 * Each of api's 1.5 s episodes in the hour is a mark of a pixel or two.
 */
const DRAWN: Record<Chart, Partial<Record<Role, number>>> = {
  timeline: { text: 50, grid: 50, healthy: 10, unhealthy: 2, unmonitored: 10 },
  trend: { text: 50, grid: 50, healthy: 10, starting: 10 },
};
/** Share of a chart's pixels that may be in no theme colour: where two colours meet and blend. */
const BLENDED = 0.03;

/** Why the dashboard does not show the theme `kind` (`vscode-light`, …) in the theme's colours; none if it does. */
function themeProblems(seen: Seen, kind: string): string[] {
  const problems: string[] = [];
  const css = (c: Rgba) => `rgba(${c.join(', ')})`;
  if (!seen.kind.split(' ').includes(kind)) problems.push(`the webview's body is "${seen.kind}", not ${kind}`);
  const page: [string, Rgba, Rgba][] = [
    ['page background', seen.page.background, seen.theme.background],
    ['text', seen.page.text, seen.theme.text],
    ['legend swatch "healthy"', seen.page.healthySwatch, seen.theme.healthy],
  ];
  for (const [what, shown, theirs] of page) if (shown.join() !== theirs.join()) problems.push(`${what} is ${css(shown)}, the theme's is ${css(theirs)}`);
  const ratio = contrastRatio(seen.page.text, seen.page.background);
  if (ratio < 4.5) problems.push(`text on the page background has a contrast of ${ratio.toFixed(2)}:1, under 4.5:1`);
  for (const chart of Object.keys(DRAWN) as Chart[]) {
    const drawn = tally(seen.charts[chart], seen.theme);
    for (const [role, fewest] of Object.entries(DRAWN[chart]) as [Role, number][])
      if (drawn[role] < fewest) problems.push(`the ${chart} has ${drawn[role]} pixel(s) in the theme's ${role} colour ${css(seen.theme[role])}`);
    const total = Object.values(seen.charts[chart]).reduce((a, b) => a + b, 0);
    if (drawn.other > BLENDED * total) {
      const top = Object.entries(seen.charts[chart])
        .filter(([k]) => !(Object.values(seen.theme) as Rgba[]).some((c) => drawnIn(k.split(',').map(Number), c)))
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([k, n]) => `rgba(${k}) × ${n}`);
      problems.push(`${drawn.other} of the ${chart}'s ${total} drawn pixels are in no theme colour (${top.join(', ')})`);
    }
  }
  return problems;
}

/** Chooses a theme and waits (15 s at most) until the open dashboard shows it in its colours; what it then shows. */
async function showsTheme(page: Page, dashboard: FrameLocator, label: string, kind: string): Promise<Seen> {
  await chooseTheme(page, label);
  let problems: string[] = [];
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await page.waitForTimeout(250)) {
    const seen = await dashboard.locator('body').evaluate(look, await workbenchColours(page, THEME_COLOURS));
    problems = themeProblems(seen, kind);
    if (!problems.length) return seen;
  }
  throw new Error(`in ${label}: ${problems.join('; ')}`);
}

async function main(): Promise<void> {
  requireWorkbench('metrics browser suite');
  if (spawnSync('docker', ['info']).status !== 0) skipOrFail('metrics browser suite', 'no Docker Engine answers');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-metrics-e2e-'));
  const workspace = path.join(work, 'workspace');
  const state = path.join(work, 'state');
  fs.mkdirSync(workspace);
  const project = `metricse2e${process.pid}`;
  const composeFile = path.join(workspace, 'compose.yaml');
  const compose = `name: ${project}\nservices:\n  api:\n    image: busybox:1.36\n    command: ["sh", "-c", "touch /tmp/ok && exec sleep 600"]\n    healthcheck: { test: ["CMD", "test", "-f", "/tmp/ok"], interval: 1s, timeout: 1s, retries: 1 }\n  worker:\n    image: busybox:1.36\n    command: ["sleep", "600"]\n`;
  fs.writeFileSync(composeFile, compose);
  // The opt-in OpenMetrics endpoint (the workspace is trusted: trust is off in this profile).
  const openMetricsPort = await freePort();
  // The store goes to a folder of the test's own (the extension and the CLI both honour it).
  const env = { ...process.env, COMPOSE_MESH_STATE_DIR: state };
  let server: CodeServer | undefined;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const cspViolations: string[] = [];
  try {
    // The dashboard is first drawn in Light High Contrast, a theme no theme step chooses: a dashboard
    // that kept its first colours fails every one of them.
    server = await launchCodeServer(work, workspace, {
      env,
      settings: { 'composeMesh.metrics.openMetricsPort': openMetricsPort, 'workbench.colorTheme': 'Default High Contrast Light' },
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('console', (m) => /Content Security Policy/i.test(m.text()) && cspViolations.push(m.text()));
    await openWorkbench(page, server);
    const episodes: number[] = [];
    await step(
      'Start Project, then api unhealthy twice and healthy again',
      async () => {
        await page.locator('.activitybar [aria-label^="Compose Mesh"]').first().click();
        await page.locator('.monaco-list-row', { hasText: project }).first().waitFor({ timeout: 60_000 });
        await page.keyboard.press('F1');
        await page.keyboard.type('Compose Mesh: Start Project');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Compose Mesh: Start Project' }).first().click({ timeout: 10_000 });
        await page.locator('.monaco-list-row', { hasText: project }).filter({ hasText: '1/2 healthy' }).first().waitFor({ timeout: 90_000 });
        const container = `${project}-api-1`;
        for (let i = 0; i < 2; i++) {
          spawnSync('docker', ['exec', container, 'rm', '/tmp/ok']);
          const sick = await waitHealth(container, 'unhealthy');
          await new Promise((r) => setTimeout(r, 1500));
          spawnSync('docker', ['exec', container, 'touch', '/tmp/ok']);
          episodes.push((await waitHealth(container, 'healthy')) - sick);
        }
      },
      page,
    );
    let dashboard: FrameLocator | undefined;
    await step(
      'the dashboard opens from the view title bar',
      async () => {
        // With a second view in the container (Swarm), a view's title actions show while the pointer is over its header.
        const header = page.locator('.part.sidebar .pane-header', { hasText: 'Service Health' });
        if (await header.first().isVisible()) await header.first().hover();
        await page.locator('.part.sidebar [aria-label="Show Metrics Dashboard"]').first().click({ timeout: 10_000 });
        dashboard = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
        await dashboard.locator('h1', { hasText: 'Mesh metrics' }).waitFor({ timeout: 30_000 });
        await dashboard.getByRole('button', { name: '1 h' }).click();
      },
      page,
    );
    await step(
      'the dashboard shows the two episodes, their MTTR within a second, the start and the coverage',
      async () => {
        if (!dashboard) throw new Error('no dashboard');
        const row = dashboard.locator('tr', { hasText: `${project}/api` });
        await row.waitFor({ timeout: 10_000 });
        const cells = await row.locator('td').allTextContents();
        // service, uptime 1h/24h/7d, episodes, MTTR, …
        if (cells[4] !== '2') throw new Error(`episodes: ${cells[4]}, the test made 2`);
        const mttr = seconds(cells[5]);
        const expected = (episodes[0] + episodes[1]) / 2000;
        if (Math.abs(mttr - expected) > 1) throw new Error(`MTTR ${mttr} s, the test measured ${expected} s`);
        const tile = async (title: string) => (await dashboard!.locator('.tile', { hasText: title }).locator('.value').textContent())?.trim();
        if ((await tile('Health coverage')) !== '1 of 2') throw new Error(`coverage: ${await tile('Health coverage')}`);
        if ((await tile('Start failures')) !== '0 before up · 0 after') throw new Error(`start failures: ${await tile('Start failures')}`);
        const tth = await dashboard.locator('.tile', { hasText: 'Time to healthy' }).locator('.detail').textContent();
        if (tth !== 'mean of 1 healthy start(s)') throw new Error(`time to healthy: ${tth}`);
        await dashboard.locator('.timeline canvas').first().waitFor();
        // The CLI reads the same store.
        const cli = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'metrics', workspace, '--format', 'json'], { encoding: 'utf8', env });
        const api = (JSON.parse(cli.stdout) as { windows: { services: { service: string; episodes: number; mttrMs: number }[] }[] }).windows[0].services.find(
          (s) => s.service === 'api',
        );
        if (api?.episodes !== 2 || Math.abs(api.mttrMs / 1000 - mttr) > 0.1) throw new Error(`the CLI says ${JSON.stringify(api)}`);
      },
      page,
    );
    await step(
      'a Start that pre-flight blocks (a port in use) is a failure before up on the dashboard, in the CLI and at the OpenMetrics endpoint',
      async () => {
        if (!dashboard) throw new Error('no dashboard');
        const holder = net.createServer();
        await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
        const held = (holder.address() as net.AddressInfo).port;
        try {
          fs.writeFileSync(
            composeFile,
            compose.replace('  worker:\n    image: busybox:1.36\n', `  worker:\n    image: busybox:1.36\n    ports: ["127.0.0.1:${held}:80"]\n`),
          );
          // The language server reads the file from disk and declares the project again.
          await page.waitForTimeout(3000);
          await page.keyboard.press('F1');
          await page.keyboard.type('Compose Mesh: Start Project');
          await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Compose Mesh: Start Project' }).first().click({ timeout: 10_000 });
          await page
            .locator('.notifications-toasts', { hasText: `${project} was not started` })
            .first()
            .waitFor({ timeout: 60_000 });
        } finally {
          holder.close();
        }
        const failures = dashboard.locator('.tile', { hasText: 'Start failures' }).locator('.value', { hasText: '1 before up · 0 after' });
        await failures.waitFor({ timeout: 10_000 });
        const cli = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'metrics', workspace, '--format', 'json'], { encoding: 'utf8', env });
        const hour = (
          JSON.parse(cli.stdout) as { windows: { starts: { total: number; blockedBeforeUp: number }; services: { service: string; episodes: number }[] }[] }
        ).windows[0];
        if (hour.starts.total !== 2 || hour.starts.blockedBeforeUp !== 1) throw new Error(`the CLI says ${JSON.stringify(hour.starts)}`);
        const episodes = hour.services.find((x) => x.service === 'api')?.episodes;
        const scraped = await (await fetch(`http://127.0.0.1:${openMetricsPort}/metrics`)).text();
        for (const line of [
          'compose_mesh_starts{result="blocked_before_up",window="1h"} 1',
          'compose_mesh_starts{result="started",window="1h"} 1',
          // The same store as the CLI (the first steps check that count against what the test did).
          `compose_mesh_service_unhealthy_episodes{project="${project}",service="api",window="1h"} ${episodes}`,
        ])
          if (!scraped.split('\n').includes(line)) throw new Error(`the endpoint does not say ${line}:\n${scraped}`);
      },
      page,
    );
    await step(
      'a high-contrast theme: the dashboard takes its colours',
      async () => {
        if (!dashboard) throw new Error('no dashboard');
        await showsTheme(page, dashboard, 'Dark High Contrast', 'vscode-high-contrast');
        // The tiles take the theme's contrast border.
        // (Serialized into the webview: the name goes as an argument, not in a closure.)
        const style = (e: unknown, name: string) => (globalThis as unknown as Styles).getComputedStyle(e).getPropertyValue(name).trim();
        const contrast = await dashboard.locator('body').evaluate(style, '--vscode-contrastBorder');
        const border = await dashboard.locator('.tile').first().evaluate(style, 'border-top-color');
        if (!contrast || border !== rgb(contrast)) throw new Error(`tile border ${border}, the theme's contrast border is ${contrast}`);
      },
      page,
    );
    let light: Seen | undefined;
    await step(
      "a light theme (Light Modern), the dashboard open: its page, text, chart axes, grid and series take the theme's colours",
      async () => {
        if (!dashboard) throw new Error('no dashboard');
        light = await showsTheme(page, dashboard, 'Light Modern', 'vscode-light');
      },
      page,
    );
    await step(
      'another light theme (Light+): the dashboard draws again in its colours, though the kind of theme stays light',
      async () => {
        if (!dashboard || !light) throw new Error('no dashboard in Light Modern');
        const seen = await showsTheme(page, dashboard, 'Light+', 'vscode-light');
        // Else the step could not tell a redraw from none.
        if (seen.theme.text.join() === light.theme.text.join()) throw new Error('Light+ has the text colour of Light Modern: the step shows nothing');
      },
      page,
    );
    await step(
      "a dark theme (Dark Modern): the dashboard takes its colours, which are not the light theme's",
      async () => {
        if (!dashboard || !light) throw new Error('no dashboard in Light Modern');
        const dark = await showsTheme(page, dashboard, 'Dark Modern', 'vscode-dark');
        for (const role of ['background', 'text', 'grid', 'healthy'] as const)
          if (dark.theme[role].join() === light.theme[role].join()) throw new Error(`Dark Modern's ${role} colour is Light Modern's: the steps show nothing`);
        if (contrastRatio(dark.page.background, [0, 0, 0, 255]) > contrastRatio(light.page.background, [0, 0, 0, 255]))
          throw new Error(`the dark page background ${dark.page.background.join()} is lighter than the light one ${light.page.background.join()}`);
      },
      page,
    );
    steps.results.push({ name: 'no Content Security Policy violation', ok: cspViolations.length === 0, error: cspViolations[0] });
  } finally {
    server?.process.kill();
    spawnSync('docker', ['compose', '-p', project, 'down', '--timeout', '0']);
  }

  // The same folder, untrusted, with the endpoint's port in the user's settings: nothing listens until the folder is trusted.
  const untrustedPort = await freePort();
  const untrusted = await launchCodeServer(work, workspace, {
    name: 'untrusted-data',
    env,
    settings: { 'security.workspace.trust.enabled': true, 'composeMesh.metrics.openMetricsPort': untrustedPort },
  });
  const scrape = () =>
    fetch(`http://127.0.0.1:${untrustedPort}/metrics`).then(
      (r) => r.status,
      () => 'refused',
    );
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await openWorkbench(page, untrusted);
    await step(
      'an untrusted folder serves no OpenMetrics endpoint, whatever the setting; trusting it opens the endpoint',
      async () => {
        const refuse = page.getByRole('button', { name: /No, I don.t trust the authors/ });
        await refuse.waitFor({ timeout: 30_000 });
        await refuse.click();
        await page.getByText('Restricted Mode').first().waitFor({ timeout: 30_000 });
        // The extension runs (it checks the compose file; the dashboard opens and reads the store)…
        await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'compose.yaml' }).first().click();
        await page.waitForSelector('.squiggly-info, .squiggly-warning', { timeout: 60_000 });
        await page.keyboard.press('F1');
        await page.keyboard.type('Compose Mesh: Show Metrics Dashboard');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Compose Mesh: Show Metrics Dashboard' }).first().click({ timeout: 10_000 });
        const dashboard = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
        await dashboard.locator('h1', { hasText: 'Mesh metrics' }).waitFor({ timeout: 30_000 });
        // …but serves nothing.
        await page.waitForTimeout(2000);
        if ((await scrape()) !== 'refused') throw new Error(`something answers on 127.0.0.1:${untrustedPort} in an untrusted folder`);
        await page.keyboard.press('F1');
        await page.keyboard.type('Workspaces: Manage Workspace Trust');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Manage Workspace Trust' }).first().click({ timeout: 10_000 });
        await page
          .getByRole('button', { name: /^Trust/ })
          .first()
          .click({ timeout: 10_000 });
        for (const deadline = Date.now() + 15_000; (await scrape()) !== 200; await page.waitForTimeout(250))
          if (Date.now() > deadline) throw new Error('the endpoint did not open once the folder was trusted');
      },
      page,
    );
  } finally {
    untrusted.process.kill();
    await browser.close();
  }
  steps.report('metrics browser');
}

main().catch((err: Error) => {
  console.error(`metrics browser suite: ${err.stack ?? err.message}`);
  process.exit(1);
});
