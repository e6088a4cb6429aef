/**
 * The mesh map inside its webview: draws the map the extension sends (an SVG rendered from the
 * server's layout), fits it to the panel, pans (drag) and zooms (wheel, buttons), colours services
 * with their live health, and asks the extension to open a line when a node, a connection or a
 * violation is clicked. It only ever inserts markup the extension rendered and escaped.
 */
interface Violation {
  rule: string;
  message: string;
  file: string;
  line: number;
}

type Message =
  { type: 'draw'; project: string; map: string; width: number; height: number; violations: Violation[] } | { type: 'health'; states: Record<string, string> };

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

const vscode = acquireVsCodeApi();
const stage = document.getElementById('stage') as HTMLElement;
const title = document.getElementById('title') as HTMLElement;
const summary = document.getElementById('summary') as HTMLElement;
const list = document.getElementById('violations') as HTMLUListElement;

/** The visible part of the map, in map coordinates; undefined = fit the whole map. */
let view: { x: number; y: number; w: number; h: number } | undefined;
let size = { width: 1, height: 1 };
let health: Record<string, string> = {};

const svg = () => stage.querySelector('svg');

function apply(): void {
  const s = svg();
  if (!s) return;
  const v = view ?? { x: 0, y: 0, w: size.width, h: size.height };
  s.setAttribute('viewBox', `${v.x} ${v.y} ${v.w} ${v.h}`);
}

function current(): { x: number; y: number; w: number; h: number } {
  // The fitted view as the panel shows it (letterboxed), so zooming starts from what is seen.
  if (view) return view;
  const box = stage.getBoundingClientRect();
  const scale = Math.max(size.width / Math.max(box.width, 1), size.height / Math.max(box.height, 1));
  const w = box.width * scale;
  const h = box.height * scale;
  return { x: (size.width - w) / 2, y: (size.height - h) / 2, w, h };
}

function zoom(factor: number, atX = 0.5, atY = 0.5): void {
  const v = current();
  const w = v.w * factor;
  const h = v.h * factor;
  view = { x: v.x + (v.w - w) * atX, y: v.y + (v.h - h) * atY, w, h };
  apply();
}

function colour(): void {
  for (const g of stage.querySelectorAll<SVGGElement>('g.mesh-service')) {
    const state = health[g.dataset.name ?? ''];
    if (state) g.dataset.health = state;
    else delete g.dataset.health;
  }
}

function draw(m: Extract<Message, { type: 'draw' }>): void {
  title.textContent = `${m.project}: mesh map`;
  summary.textContent = m.violations.length ? `${m.violations.length} violation${m.violations.length === 1 ? '' : 's'}` : 'No violations';
  summary.className = m.violations.length ? 'bad' : 'good';
  // A different extent is a different map: fit it again. Same extent: keep the user's view.
  if (m.width !== size.width || m.height !== size.height) view = undefined;
  size = { width: m.width, height: m.height };
  stage.innerHTML = m.map;
  apply();
  colour();
  list.replaceChildren(
    ...m.violations.map((v) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = '#';
      a.textContent = `${v.file}:${v.line}`;
      a.dataset.file = v.file;
      a.dataset.line = String(v.line);
      li.append(a, ` ${v.message}`);
      return li;
    }),
  );
}

window.addEventListener('message', (e: MessageEvent<Message>) => {
  if (e.data.type === 'draw') draw(e.data);
  else if (e.data.type === 'health') {
    health = e.data.states;
    colour();
  }
});

document.addEventListener('click', (e) => {
  const target = (e.target as Element).closest<HTMLElement | SVGElement>('[data-file]');
  if (target && !dragged) {
    e.preventDefault();
    vscode.postMessage({ type: 'open', file: target.dataset.file, line: Number(target.dataset.line) });
    return;
  }
  const cmd = (e.target as Element).closest<HTMLElement>('button[data-cmd]')?.dataset.cmd;
  if (cmd === 'fit') {
    view = undefined;
    apply();
  } else if (cmd === 'in') zoom(1 / 1.25);
  else if (cmd === 'out') zoom(1.25);
  else if (cmd) vscode.postMessage({ type: cmd });
});

stage.addEventListener(
  'wheel',
  (e) => {
    e.preventDefault();
    const box = stage.getBoundingClientRect();
    zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15, (e.clientX - box.left) / box.width, (e.clientY - box.top) / box.height);
  },
  { passive: false },
);

let drag: { x: number; y: number; view: { x: number; y: number; w: number; h: number } } | undefined;
let dragged = false;
stage.addEventListener('pointerdown', (e) => {
  drag = { x: e.clientX, y: e.clientY, view: current() };
  dragged = false;
});
window.addEventListener('pointermove', (e) => {
  if (!drag) return;
  const box = stage.getBoundingClientRect();
  const dx = ((e.clientX - drag.x) * drag.view.w) / box.width;
  const dy = ((e.clientY - drag.y) * drag.view.h) / box.height;
  if (Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y) > 4) dragged = true;
  if (dragged) {
    view = { ...drag.view, x: drag.view.x - dx, y: drag.view.y - dy };
    apply();
  }
});
window.addEventListener('pointerup', () => {
  drag = undefined;
  // The click that ends a drag must not open a line: forget the drag after that click.
  setTimeout(() => (dragged = false), 0);
});

vscode.postMessage({ type: 'ready' });
