/** What the editor suites share: how a missing component is reported, ports, the workbench. */
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
