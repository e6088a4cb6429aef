/**
 * The metrics dashboard inside its webview: draws the figures the extension posts (uPlot for the
 * timeline and the trend, plain elements for the numbers), in the theme's colours, read from the
 * VS Code CSS variables each time it draws, so a theme switch redraws it in the new colours.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './dashboard.css';
import type { Figures, State, WindowFigures } from '../../../../common/metrics/figures';
import { duration, exitCodes, percent } from '../../../../common/metrics/format';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void; getState(): unknown; setState(state: unknown): void };

const vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
const STATE_LABEL: Record<State, string> = {
  healthy: 'healthy',
  unhealthy: 'unhealthy',
  starting: 'starting',
  down: 'down (exited, restarting)',
  unmonitored: 'running, no health check',
};
const STATE_VAR: Record<State, string> = {
  healthy: '--vscode-charts-green',
  unhealthy: '--vscode-charts-red',
  starting: '--vscode-charts-yellow',
  down: '--vscode-charts-orange',
  unmonitored: '--vscode-charts-blue',
};

let figures: Figures | undefined;
let selected = (vscode?.getState() as { window?: string } | undefined)?.window ?? '24h';
let charts: uPlot[] = [];

/** A DOM element with text children only: nothing the figures carry is ever parsed as HTML. */
function el(tag: string, props: { className?: string; text?: string; title?: string } = {}, ...children: (Node | undefined)[]): HTMLElement {
  const e = document.createElement(tag);
  if (props.className) e.className = props.className;
  if (props.text !== undefined) e.textContent = props.text;
  if (props.title) e.title = props.title;
  for (const c of children) if (c) e.append(c);
  return e;
}

function color(variable: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(variable).trim() || fallback;
}

function theme() {
  return {
    fg: color('--vscode-foreground', '#888'),
    grid: color('--vscode-editorWidget-border', color('--vscode-panel-border', 'rgba(128,128,128,0.3)')),
    font: `${color('--vscode-font-size', '13px')} ${color('--vscode-font-family', 'sans-serif')}`,
    state: Object.fromEntries(Object.entries(STATE_VAR).map(([s, v]) => [s, color(v, '#888')])) as Record<State, string>,
  };
}

function render(): void {
  const started = performance.now();
  const root = document.getElementById('dashboard') as HTMLElement;
  for (const c of charts) c.destroy();
  charts = [];
  const f = figures;
  if (!f) return;
  const w = f.windows.find((x) => x.name === selected) ?? f.windows[1];
  root.replaceChildren(header(f), tiles(f, w));
  if (f.firstRecord === null)
    root.append(el('p', { className: 'empty', text: 'Nothing recorded yet. Start a project of this workspace: its health is recorded from then on.' }));
  else {
    root.append(el('h2', { text: `Timeline — last ${label(w.name)}` }), legend());
    timeline(root, f, w);
    root.append(el('h2', { text: 'Services' }), table(f, w));
    root.append(el('h2', { text: 'Time to healthy per start' }));
    startTrend(root, f, w);
  }
  // Measured up to the next frame, so it includes uPlot's drawing.
  requestAnimationFrame(() => (document.body.dataset.renderMs = (performance.now() - started).toFixed(1)));
}

function label(name: string): string {
  return name === '1h' ? 'hour' : name === '24h' ? '24 hours' : '7 days';
}

function header(f: Figures): HTMLElement {
  const buttons = el('div', { className: 'windows' });
  for (const w of f.windows) {
    const b = el('button', { text: w.name.replace(/(\d+)/, '$1 ') });
    b.setAttribute('aria-pressed', String(w.name === selected));
    b.addEventListener('click', () => {
      selected = w.name;
      vscode?.setState({ window: selected });
      render();
    });
    buttons.append(b);
  }
  const status = f.recording
    ? 'Recording.'
    : f.firstRecord === null
      ? 'Not recording (Compose Mesh: metrics.record is off, or another window records this workspace).'
      : 'Not recording now; figures up to the last record.';
  return el(
    'header',
    {},
    el('h1', { text: 'Mesh metrics' }),
    buttons,
    el('p', { className: 'status', text: `${status}${f.firstRecord !== null ? ` First record: ${new Date(f.firstRecord).toLocaleString()}.` : ''}` }),
  );
}

function tile(title: string, value: string, detail: string): HTMLElement {
  return el(
    'section',
    { className: 'tile' },
    el('h3', { text: title }),
    el('p', { className: 'value', text: value }),
    el('p', { className: 'detail', text: detail }),
  );
}

function tiles(f: Figures, w: WindowFigures): HTMLElement {
  const up = w.services.reduce((s, x) => s + x.ms.healthy + x.ms.unmonitored, 0);
  const observed = w.services.reduce((s, x) => s + Object.values(x.ms).reduce((a, b) => a + b, 0), 0);
  const s = w.starts;
  return el(
    'div',
    { className: 'tiles' },
    tile('Uptime', percent(observed ? up / observed : null), `all services, last ${label(w.name)}`),
    tile('MTTR', duration(w.mttrMs), `${w.episodes} unhealthy episode(s)`),
    tile('Time to healthy', duration(s.meanTimeToHealthyMs), `mean of ${s.started} healthy start(s)`),
    tile(
      'Start failures',
      `${s.blockedBeforeUp} before up · ${s.failedAfterUp} after`,
      `caught by pre-flight vs failed after docker compose up; ${s.total} start(s)`,
    ),
    tile(
      'Health coverage',
      `${f.coverage.monitored} of ${f.coverage.total}`,
      f.coverage.unmonitored.length ? `no health check: ${f.coverage.unmonitored.join(', ')}` : 'every running service is monitored',
    ),
    tile('Recovery', `${w.recovery.attempts} restart(s)`, `${w.recovery.recovered} recovered · ${w.recovery.gaveUp} give-up(s)`),
  );
}

function legend(): HTMLElement {
  const l = el('div', { className: 'legend' });
  for (const s of Object.keys(STATE_LABEL) as State[]) l.append(el('span', { className: `swatch ${s}` }), el('span', { text: STATE_LABEL[s] }));
  l.append(el('span', { className: 'swatch episode' }), el('span', { text: 'unhealthy episode (until healthy again)' }));
  return l;
}

function width(root: HTMLElement): number {
  return Math.max(320, root.clientWidth - 8);
}

function timeline(root: HTMLElement, f: Figures, w: WindowFigures): void {
  const from = f.now - w.ms;
  const rows = f.timeline;
  const projects = new Set(rows.map((r) => r.project));
  const names = rows.map((r) => (projects.size > 1 ? `${r.project}/${r.service}` : r.service));
  const n = rows.length;
  const t = theme();
  const readout = el('p', { className: 'readout', text: 'Point at the timeline for the state at a time.' });
  const host = el('div', { className: 'chart timeline' });
  root.append(host, readout);
  // Row i is drawn from the top: its band is [n-1-i, n-i] on the y scale.
  const band = (i: number) => n - 1 - i;
  const draw = (u: uPlot) => {
    const ctx = u.ctx;
    ctx.save();
    ctx.beginPath();
    ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
    ctx.clip();
    rows.forEach((row, i) => {
      const top = u.valToPos(band(i) + 0.85, 'y', true);
      const bottom = u.valToPos(band(i) + 0.3, 'y', true);
      for (const s of row.spans) {
        if (s.to <= from) continue;
        const x0 = u.valToPos(Math.max(s.from, from), 'x', true);
        const x1 = u.valToPos(s.to, 'x', true);
        ctx.fillStyle = t.state[s.state];
        ctx.fillRect(x0, top, Math.max(1, x1 - x0), bottom - top);
      }
      const line = u.valToPos(band(i) + 0.18, 'y', true);
      ctx.strokeStyle = t.state.unhealthy;
      ctx.lineWidth = 2 * devicePixelRatio;
      for (const e of row.episodes) {
        if (e.to <= from) continue;
        ctx.setLineDash(e.recovered ? [] : [4 * devicePixelRatio, 3 * devicePixelRatio]);
        ctx.beginPath();
        ctx.moveTo(u.valToPos(Math.max(e.from, from), 'x', true), line);
        ctx.lineTo(Math.max(u.valToPos(e.to, 'x', true), u.valToPos(Math.max(e.from, from), 'x', true) + 2), line);
        ctx.stroke();
      }
    });
    ctx.restore();
  };
  const point = (u: uPlot) => {
    const { left, top } = u.cursor;
    if (left === undefined || top === undefined || left < 0) return;
    const i = n - 1 - Math.floor(u.posToVal(top, 'y'));
    const at = u.posToVal(left, 'x');
    const span = rows[i]?.spans.find((s) => s.from <= at && at < s.to);
    readout.textContent = rows[i]
      ? `${names[i]} at ${new Date(at).toLocaleString()}: ${span ? `${STATE_LABEL[span.state]} for ${duration(span.to - span.from)}` : 'not observed'}`
      : '';
  };
  const labelWidth = Math.min(240, 16 + 8 * Math.max(4, ...names.map((x) => x.length)));
  charts.push(
    new uPlot(
      {
        width: width(root),
        height: 28 * Math.max(1, n) + 70,
        ms: 1,
        legend: { show: false },
        cursor: { y: false, drag: { x: false, y: false }, points: { show: false } },
        scales: { x: { time: true, min: from, max: f.now }, y: { auto: false, range: [0, Math.max(1, n)] } },
        axes: [
          { stroke: t.fg, font: t.font, grid: { stroke: t.grid, width: 1 }, ticks: { stroke: t.grid, width: 1 } },
          {
            stroke: t.fg,
            font: t.font,
            size: labelWidth,
            grid: { show: false },
            ticks: { show: false },
            splits: () => names.map((_, i) => band(i) + 0.55),
            values: (_u, splits) => splits.map((v) => names[n - 1 - Math.floor(v)] ?? ''),
          },
        ],
        series: [{}, { show: false }],
        hooks: { draw: [draw], setCursor: [point] },
      },
      [
        [from, f.now],
        [null, null],
      ],
      host,
    ),
  );
}

function table(f: Figures, w: WindowFigures): HTMLElement {
  const head = ['service', ...f.windows.map((x) => `uptime ${x.name}`), 'episodes', 'MTTR', 'restarts', 'exits (code × n)', 'checks failed', 'check time'];
  const t = el('table', {}, el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { text: h })))));
  const body = el('tbody');
  for (const s of w.services) {
    const same = (x: { project: string; service: string }) => x.project === s.project && x.service === s.service;
    const cells = [
      `${s.project}/${s.service}${s.monitored ? '' : ' (no health check)'}`,
      ...f.windows.map((x) => percent(x.services.find(same)?.uptime ?? null)),
      String(s.episodes),
      duration(s.mttrMs),
      String(s.restarts),
      exitCodes(s.exits),
      `${s.checks.failed} of ${s.checks.runs}`,
      s.checks.meanMs === null ? '—' : `${Math.round(s.checks.meanMs)} ms`,
    ];
    body.append(el('tr', {}, ...cells.map((c) => el('td', { text: c }))));
  }
  t.append(body);
  return t;
}

function startTrend(root: HTMLElement, f: Figures, w: WindowFigures): void {
  const from = f.now - w.ms;
  const starts = f.starts.filter((s) => s.t > from);
  if (!starts.length) {
    root.append(el('p', { className: 'empty', text: `No start in the last ${label(w.name)}.` }));
    return;
  }
  const t = theme();
  const host = el('div', { className: 'chart trend' });
  const list = el('ul', { className: 'starts' });
  for (const s of [...starts].reverse().slice(0, 10)) {
    const why =
      s.result === 'blocked'
        ? `blocked before up: ${(s.blocked ?? []).map((b) => `${b.reason}${b.service ? ` (${b.service})` : ''}`).join(', ')}`
        : s.failed?.length
          ? `${s.result}: ${s.failed.map((x) => `${x.service} ${x.status}`).join(', ')}`
          : s.result;
    list.append(
      el('li', {
        text: `${new Date(s.t).toLocaleString()} ${s.project}: ${duration(s.ms)} — ${why}${s.slowest ? `; slowest ${s.slowest.service} (${duration(s.slowest.ms)})` : ''}`,
      }),
    );
  }
  root.append(host, list);
  const of = (want: (r: string) => boolean) => starts.map((s) => (want(s.result) ? s.ms / 1000 : null));
  charts.push(
    new uPlot(
      {
        width: width(root),
        height: 200,
        ms: 1,
        legend: { show: true },
        scales: { x: { time: true, min: from, max: f.now } },
        axes: [
          { stroke: t.fg, font: t.font, grid: { stroke: t.grid, width: 1 }, ticks: { stroke: t.grid, width: 1 } },
          { stroke: t.fg, font: t.font, grid: { stroke: t.grid, width: 1 }, ticks: { stroke: t.grid, width: 1 }, label: 'seconds', labelFont: t.font },
        ],
        series: [
          {},
          { label: 'healthy', stroke: t.state.healthy, width: 2, spanGaps: true, points: { show: true, size: 7, fill: t.state.healthy } },
          { label: 'blocked before up', stroke: t.state.starting, width: 0, points: { show: true, size: 9, fill: t.state.starting } },
          { label: 'failed after up', stroke: t.state.unhealthy, width: 0, points: { show: true, size: 9, fill: t.state.unhealthy } },
        ],
      },
      [
        starts.map((s) => s.t),
        of((r) => r === 'started'),
        of((r) => r === 'blocked'),
        of((r) => r === 'compose-failed' || r === 'unhealthy' || r === 'timeout'),
      ],
      host,
    ),
  );
}

window.addEventListener('message', (event: MessageEvent<{ type?: string; figures?: Figures }>) => {
  if (event.data?.type !== 'figures' || !event.data.figures) return;
  figures = event.data.figures;
  render();
});
// A theme switch changes the body's class: redraw the canvases in the new colours.
new MutationObserver(() => render()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
let resize: number | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resize);
  resize = window.setTimeout(render, 150);
});
vscode?.postMessage({ type: 'ready' });
