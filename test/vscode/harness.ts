/** What the editor suites share: how a missing component is reported, ports, the workbench. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Under CI a missing component fails the run; elsewhere the suite says it was skipped and why. */
export function skipOrFail(suite: string, reason: string): never {
  if (process.env.CI) {
    console.error(`${suite}: ${reason}`);
    process.exit(1);
  }
  console.log(`${suite} skipped: ${reason}`);
  process.exit(0);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Opens a URL of a server that is still starting, retrying until it answers (two minutes at most). */
export async function openWhenUp(page: Page, url: string): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await page.goto(url, { timeout: 5000 });
      return;
    } catch (err) {
      if (i >= 240) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Where the browser suites find what they drive, and where their screenshots go. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CODE_SERVER_BIN = path.join(ROOT, '.vscode-test', 'code-server-4.100.3', 'node_modules', '.bin', 'code-server');
export const VSIX = path.join(ROOT, 'dist', 'compose-mesh.vsix');
export const SCREENSHOTS = path.join(ROOT, '.vscode-test', 'screenshots');

/** A browser suite's steps: each one passes or fails with its first error line, and leaves a screenshot. */
export class Steps {
  readonly results: { name: string; ok: boolean; error?: string }[] = [];

  constructor(private readonly prefix: string) {}

  async run(name: string, fn: () => Promise<void>, page: Page): Promise<void> {
    try {
      await fn();
      this.results.push({ name, ok: true });
    } catch (err) {
      this.results.push({ name, ok: false, error: (err as Error).message.split('\n')[0] });
    }
    await page.screenshot({ path: path.join(SCREENSHOTS, `${this.prefix}${this.results.length}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`) });
  }

  /** Prints every step and sets the exit code. */
  report(suite: string): void {
    for (const r of this.results) console.log(`${r.ok ? '✔' : '✖'} ${r.name}${r.error ? ` — ${r.error}` : ''}`);
    const failed = this.results.filter((r) => !r.ok).length;
    console.log(`${suite}: ${this.results.length - failed} passed, ${failed} failed (screenshots in ${path.relative(ROOT, SCREENSHOTS)})`);
    process.exitCode = failed ? 1 : 0;
  }
}

/** Skips (or under CI fails) a browser suite when code-server, Chromium or the packaged extension is missing. */
export function requireWorkbench(suite: string): void {
  if (!fs.existsSync(CODE_SERVER_BIN)) skipOrFail(suite, 'code-server is not installed (bash scripts/install-code-server.sh)');
  if (!fs.existsSync(CHROMIUM)) skipOrFail(suite, 'Chromium is not installed');
  if (!fs.existsSync(VSIX)) skipOrFail(suite, 'no packaged extension (npm run package)');
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
}

/** What every suite's user settings start from: no start-up editor or tips in the way. */
const QUIET_WORKBENCH = { 'workbench.startupEditor': 'none', 'workbench.tips.enabled': false };

export interface CodeServer {
  /** The workbench with the folder open. */
  url: string;
  process: ChildProcess;
}

/**
 * A code-server of the suite's own on a free port: user data in `work/<name>` with the given
 * settings (workspace trust off unless they say otherwise), the packaged extension installed once
 * into `work/extensions` and shared by the suite's servers, `folder` open.
 */
export async function launchCodeServer(
  work: string,
  folder: string,
  opts: { name?: string; settings?: Record<string, unknown>; env?: NodeJS.ProcessEnv } = {},
): Promise<CodeServer> {
  const userData = path.join(work, opts.name ?? 'user-data');
  const extensions = path.join(work, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  const settings = { ...QUIET_WORKBENCH, 'security.workspace.trust.enabled': false, ...opts.settings };
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings));
  if (!fs.existsSync(extensions)) {
    const install = spawnSync(CODE_SERVER_BIN, ['--install-extension', VSIX, '--extensions-dir', extensions, '--user-data-dir', userData], {
      encoding: 'utf8',
    });
    if (install.status !== 0) throw new Error(`installing the .vsix failed: ${install.stderr}`);
  }
  const port = await freePort();
  const args = ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check'];
  const server = spawn(CODE_SERVER_BIN, [...args, '--user-data-dir', userData, '--extensions-dir', extensions, folder], {
    stdio: 'ignore',
    env: opts.env ?? process.env,
  });
  return { url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`, process: server };
}

/** Opens the workbench in a page and waits until it is drawn. */
export async function openWorkbench(page: Page, server: CodeServer): Promise<void> {
  await openWhenUp(page, server.url);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
}

/** Chooses a colour theme by its label from the palette (Preferences: Color Theme), as a user does; the choice lands in the user's settings. */
export async function chooseTheme(page: Page, label: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.keyboard.type('Preferences: Color Theme');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Preferences: Color Theme' }).first().click({ timeout: 10_000 });
  await page.keyboard.type(label);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().click({ timeout: 10_000 });
}

/** What reading the workbench's colours uses of its page (the test project compiles without the DOM's types). */
type WorkbenchPage = { document: { querySelector(selector: string): unknown }; getComputedStyle(e: unknown): { getPropertyValue(name: string): string } };

/**
 * The workbench's own value of each theme colour variable (`--vscode-foreground`, …), keyed as
 * given: what the editor around a webview is drawn in, so what the webview should draw in too.
 */
export async function workbenchColours<K extends string>(page: Page, variables: Record<K, string>): Promise<Record<K, string>> {
  const values = await page.evaluate(
    (variables: Record<string, string>) => {
      const w = globalThis as unknown as WorkbenchPage;
      const style = w.getComputedStyle(w.document.querySelector('.monaco-workbench'));
      return Object.fromEntries(Object.entries(variables).map(([key, name]) => [key, style.getPropertyValue(name).trim()]));
    },
    variables as Record<string, string>,
  );
  return values as Record<K, string>;
}

/** WCAG's contrast ratio of two opaque colours, each as red, green, blue (0-255). */
export function contrastRatio(a: readonly number[], b: readonly number[]): number {
  const luminance = (c: readonly number[]) =>
    [0, 1, 2]
      .map((i) => c[i] / 255)
      .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
      .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
