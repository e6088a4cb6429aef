// The metrics side of `npm run bench`: the store's write cost per event beside the two obvious
// alternatives (open-append-close per event; rewriting one JSON document per event, as a
// key-value memento does), its size after a simulated week of a 20-service project, the figures'
// cost for that week (what the CLI and the dashboard pay), and the dashboard's render time for
// that week in Chromium.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const DAY = 86_400_000;

/**
 * A busy week of a 20-service project, as the recorder writes it: the editor open all day; per
 * service and day four unhealthy episodes (unhealthy → recovery restart → down → starting →
 * healthy, with the failing checks seen) and an exit; six starts a day.
 */
export function weekOfRecords(services, now) {
  const records = [];
  const t0 = now - 7 * DAY;
  records.push({ kind: 'session', t: t0 });
  for (let s = 0; s < services; s++)
    records.push({ kind: 'state', t: t0, project: 'shop', service: `service-${s}`, state: s % 5 === 4 ? 'unmonitored' : 'healthy', monitored: s % 5 !== 4 });
  for (let day = 0; day < 7; day++) {
    for (let s = 0; s < services; s++) {
      const ref = { project: 'shop', service: `service-${s}` };
      const monitored = s % 5 !== 4;
      for (let e = 0; e < 4; e++) {
        let t = t0 + day * DAY + e * (DAY / 4) + s * 60_000 + 3_600_000;
        if (monitored) {
          for (let c = 0; c < 3; c++) records.push({ kind: 'check', t: t - 2000 + c * 1000, ...ref, ms: 40 + c, code: 1 });
          records.push({ kind: 'state', t, ...ref, state: 'unhealthy', monitored });
          records.push({ kind: 'recovery', t: (t += 60_000), ...ref, container: `shop-${ref.service}-1`, attempt: 1 });
        }
        records.push({ kind: 'exit', t: (t += 500), ...ref, container: `shop-${ref.service}-1`, code: 137 });
        records.push({ kind: 'state', t, ...ref, state: 'down', monitored });
        records.push({ kind: 'restart', t: (t += 1500), ...ref, container: `shop-${ref.service}-1` });
        records.push({ kind: 'state', t, ...ref, state: monitored ? 'starting' : 'unmonitored', monitored });
        if (monitored) records.push({ kind: 'state', t: t + 5000, ...ref, state: 'healthy', monitored });
      }
    }
    for (let k = 0; k < 6; k++) {
      const t = t0 + day * DAY + k * 4 * 3_600_000 + 600_000;
      const result = k === 2 ? 'blocked' : k === 4 ? 'timeout' : 'started';
      records.push({
        kind: 'start',
        t,
        project: 'shop',
        ms: 8000 + k * 900,
        result,
        slowest: result === 'started' ? { service: 'service-3', ms: 7900 } : undefined,
        blocked: result === 'blocked' ? [{ reason: 'port-in-use', service: 'service-1' }] : undefined,
        failed: result === 'timeout' ? [{ service: 'service-7', status: 'starting' }] : undefined,
      });
    }
  }
  return records.sort((a, b) => a.t - b.t);
}

export async function metricsBench(root, require, row, quantile) {
  const { MetricsStore, readRecords, storeBytes } = require(path.join(root, 'out/common/metrics/store.js'));
  const { computeFigures } = require(path.join(root, 'out/common/metrics/figures.js'));
  const now = Date.now();
  const week = weekOfRecords(20, now);

  // 1. Write cost per event, each way, on the same records.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-bench-metrics-'));
  let i = 0;
  const store = new MetricsStore(dir, undefined, () => week[Math.min(i, week.length - 1)].t);
  store.open();
  const ours = [];
  for (i = 0; i < week.length; i++) {
    const t = process.hrtime.bigint();
    store.append(week[i]);
    ours.push(Number(process.hrtime.bigint() - t) / 1e3);
  }
  store.close();
  const appendFile = path.join(dir, 'peer-append.jsonl');
  const reopen = [];
  for (const r of week) {
    const t = process.hrtime.bigint();
    fs.appendFileSync(appendFile, `${JSON.stringify(r)}\n`);
    reopen.push(Number(process.hrtime.bigint() - t) / 1e3);
  }
  // The memento way rewrites everything kept so far on each event: measured over the first day only.
  const doc = path.join(dir, 'peer-document.json');
  const kept = [];
  const rewrite = [];
  for (const r of week.slice(0, Math.floor(week.length / 7))) {
    const t = process.hrtime.bigint();
    kept.push(r);
    fs.writeFileSync(doc, JSON.stringify(kept));
    rewrite.push(Number(process.hrtime.bigint() - t) / 1e3);
  }
  const us = (xs) => `${quantile(xs, 0.5).toFixed(1)} µs (p99 ${quantile(xs, 0.99).toFixed(0)})`;
  row(
    `metrics store: write per event, ${week.length} events (median)`,
    us(ours),
    `peers: open-append-close ${us(reopen)}; rewrite one JSON document ${us(rewrite)} after one day`,
  );
  row('metrics store: size of a busy week, 20 services', `${(storeBytes(dir) / 1024).toFixed(0)} KiB`, `${week.length} records; cap 16 MiB, 8 days`);

  // 2. What reading the week costs (the CLI, the endpoint and every dashboard refresh do it).
  const reads = [];
  let figures;
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    figures = computeFigures(readRecords(dir, now - 7 * DAY), now, { recording: true });
    reads.push(performance.now() - t);
  }
  row('metrics: read the week and compute the figures (median of 5)', `${quantile(reads, 0.5).toFixed(1)} ms`, '');

  // 3. The dashboard's first render of that week in Chromium, in a page with a dark theme's variables.
  const chromiumPath = '/usr/bin/chromium';
  if (!fs.existsSync(chromiumPath) || !fs.existsSync(path.join(root, 'dist', 'dashboard.js'))) {
    row('metrics dashboard: render of 7 days × 20 services', 'skipped', 'needs Chromium and npm run build');
    return;
  }
  const { chromium } = require('playwright-core');
  const page = path.join(dir, 'dashboard.html');
  fs.writeFileSync(page, dashboardPage(path.join(root, 'dist')));
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  try {
    const tab = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const renders = [];
    for (let k = 0; k < 5; k++) {
      await tab.goto(`file://${page}`);
      await tab.evaluate((f) => window.postMessage({ type: 'figures', figures: f }, '*'), figures);
      await tab.waitForFunction(() => document.body.dataset.renderMs !== undefined);
      // The 7-day view: the button, as a user clicks it.
      await tab.evaluate(() => delete document.body.dataset.renderMs);
      await tab.getByRole('button', { name: '7 d' }).click();
      await tab.waitForFunction(() => document.body.dataset.renderMs !== undefined);
      renders.push(Number(await tab.evaluate(() => document.body.dataset.renderMs)));
    }
    const spans = figures.timeline.reduce((n, t) => n + t.spans.length, 0);
    row(
      'metrics dashboard: render 7 days × 20 services in Chromium (median of 5)',
      `${quantile(renders, 0.5).toFixed(1)} ms`,
      `target < 200 ms; ${spans} spans, ${figures.starts.length} starts`,
    );
    await tab.screenshot({ path: path.join(root, '.bench', 'dashboard-7d.png'), fullPage: true });
  } finally {
    await browser.close();
  }
}

/** The dashboard as the webview shows it, with a dark theme's variables set as VS Code sets them. */
export function dashboardPage(dist) {
  return `<!DOCTYPE html><html><head><meta charset="UTF-8">
<link rel="stylesheet" href="file://${dist}/dashboard.css">
<style>body{--vscode-foreground:#cccccc;--vscode-editor-background:#1f1f1f;--vscode-descriptionForeground:#9d9d9d;--vscode-font-family:system-ui,sans-serif;--vscode-font-size:13px;--vscode-charts-green:#89d185;--vscode-charts-red:#f14c4c;--vscode-charts-yellow:#cca700;--vscode-charts-orange:#d18616;--vscode-charts-blue:#3794ff;--vscode-editorWidget-border:#454545;--vscode-editorWidget-background:#202020;--vscode-button-background:#0078d4;--vscode-button-foreground:#ffffff;--vscode-button-secondaryBackground:#313131;--vscode-button-secondaryForeground:#cccccc}</style>
</head><body class="vscode-dark"><main id="dashboard"></main><script src="file://${dist}/dashboard.js"></script></body></html>`;
}
