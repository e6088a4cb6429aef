/** What the editor suites share: how a missing component is reported, ports, the workbench. */
import * as net from 'node:net';
import type { Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

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
