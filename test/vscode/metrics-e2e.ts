/**
 * Browser suite for the metrics dashboard: code-server with the packaged .vsix, Chromium driving
 * it. The test starts a project from the palette, makes a service unhealthy twice and healthy
 * again, opens the dashboard from the health view's title bar, and reads what a user reads there:
 * the episodes, the MTTR (within a second of what the test measured on the engine), the start,
 * the health coverage — the CLI reading the same store agrees. A second Start that pre-flight
 * blocks (a port the test holds) shows as a failure before up there, in the CLI and at the opt-in
 * OpenMetrics endpoint. Then a high-contrast theme: the dashboard redraws in its colours. Last, the
 * folder untrusted: no endpoint, whatever the setting, until the folder is trusted. Screenshots land in .vscode-test/screenshots/.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type FrameLocator } from 'playwright-core';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  ROOT as root,
  freePort,
  launchCodeServer,
  openWorkbench,
  requireWorkbench,
  skipOrFail,
  Steps,
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
    server = await launchCodeServer(work, workspace, { env, settings: { 'composeMesh.metrics.openMetricsPort': openMetricsPort } });
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
        await dashboard.locator('body').evaluate((b) => delete (b as unknown as { dataset: Record<string, string> }).dataset.renderMs);
        await page.keyboard.press('F1');
        await page.keyboard.type('Preferences: Color Theme');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Preferences: Color Theme' }).first().click({ timeout: 10_000 });
        await page.keyboard.type('Dark High Contrast');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Dark High Contrast' }).first().click({ timeout: 10_000 });
        await dashboard.locator('body.vscode-high-contrast').waitFor({ timeout: 10_000 });
        // The tiles take the theme's contrast border, and the timeline was drawn again after the switch.
        // (Serialized into the webview: the name goes as an argument, not in a closure.)
        const style = (e: unknown, name: string) => (globalThis as unknown as Styles).getComputedStyle(e).getPropertyValue(name).trim();
        const contrast = await dashboard.locator('body').evaluate(style, '--vscode-contrastBorder');
        const border = await dashboard.locator('.tile').first().evaluate(style, 'border-top-color');
        if (!contrast || border !== rgb(contrast)) throw new Error(`tile border ${border}, the theme's contrast border is ${contrast}`);
        await dashboard.locator('body[data-render-ms]').waitFor({ timeout: 10_000 });
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
