/**
 * Browser end-to-end: code-server with the packaged .vsix installed, driven by Chromium the way
 * a user works — a broken compose file shows its squiggle, its hover and its Problems entry; the
 * health view shows the running project. Screenshots land in .vscode-test/screenshots/.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, launchCodeServer, openWorkbench, requireWorkbench, Steps, type CodeServer } from './harness';

const steps = new Steps('');
const step = steps.run.bind(steps);

async function main(): Promise<void> {
  requireWorkbench('browser suite');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-e2e-'));
  const workspace = path.join(work, 'workspace');
  fs.mkdirSync(workspace);
  fs.writeFileSync(
    path.join(workspace, 'compose.yaml'),
    `name: cme2e${process.pid}\nservices:\n  web:\n    image: busybox:1.36\n    command: ["sh", "-c", "touch /tmp/ok && exec sleep 600"]\n    healthcheck: { test: ["CMD", "test", "-f", "/tmp/ok"], interval: 1s }\n    depends_on: [cache]\n`,
  );
  // A second, healthy project to start from the editor.
  const app = `cme2eapp${process.pid}`;
  fs.mkdirSync(path.join(workspace, 'app'));
  fs.writeFileSync(
    path.join(workspace, 'app', 'compose.yaml'),
    `name: ${app}\nservices:\n  api:\n    image: busybox:1.36\n    command: ["sh", "-c", "echo api is listening; touch /tmp/ok && exec sleep 600"]\n    healthcheck: { test: ["CMD", "test", "-f", "/tmp/ok"], interval: 1s }\n    restart: unless-stopped\n`,
  );
  const docker = spawnSync('docker', ['info']).status === 0;
  let server: CodeServer | undefined;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    server = await launchCodeServer(work, workspace);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await openWorkbench(page, server);
    await step(
      'a broken compose file shows its squiggle',
      async () => {
        await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'compose.yaml' }).first().click();
        await page.waitForSelector('.squiggly-error', { timeout: 60_000 });
      },
      page,
    );
    await step(
      'the Problems panel lists the finding',
      async () => {
        await page.keyboard.press('Control+Shift+M');
        await page.getByText('Service "web" depends on undefined service "cache".').first().waitFor({ timeout: 30_000 });
      },
      page,
    );
    await step(
      'the hover explains it',
      async () => {
        // Go to the problem from its entry, then ask for the hover with the keyboard (Ctrl+K Ctrl+I).
        await page.getByText('Service "web" depends on undefined service "cache".').first().click();
        await page.keyboard.press('Escape');
        await page.locator('.monaco-editor textarea').first().focus();
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+I');
        await page.locator('.monaco-hover').getByText('depends on undefined service "cache"').first().waitFor({ timeout: 30_000 });
      },
      page,
    );
    await step(
      'the health view is in the activity bar',
      async () => {
        await page.locator('.activitybar [aria-label^="Compose Mesh"]').first().click();
        await page.locator('.monaco-list-row', { hasText: app }).first().waitFor({ timeout: 30_000 });
      },
      page,
    );
    if (docker) {
      const command = async (title: string) => {
        await page.keyboard.press('F1');
        await page.keyboard.type(title);
        // Click the exact entry: Enter would take whichever similar command is first.
        await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click({ timeout: 10_000 });
      };
      await step(
        'Start Project brings the app up and the tree turns healthy',
        async () => {
          await command('Compose Mesh: Start Project');
          await page.locator('.quick-input-list .monaco-list-row', { hasText: app }).first().click({ timeout: 10_000 });
          await page.locator('.monaco-list-row', { hasText: 'api' }).filter({ hasText: 'healthy' }).first().waitFor({ timeout: 90_000 });
          await page.locator('.monaco-list-row', { hasText: app }).filter({ hasText: '1/1 healthy' }).first().waitFor({ timeout: 30_000 });
        },
        page,
      );
      await step(
        'Tail Logs shows the service lines with their prefix',
        async () => {
          await command('Compose Mesh: Tail Logs');
          // With other projects running on the engine, the command first asks which one.
          await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 10_000 });
          if (await page.getByPlaceholder('Logs of which project?').isVisible()) {
            await page.locator('.quick-input-list .monaco-list-row', { hasText: app }).first().click();
          }
          await page.locator('.quick-input-list .monaco-list-row', { hasText: 'api' }).first().waitFor({ timeout: 10_000 });
          await page.keyboard.press('Enter'); // the services (all picked)
          await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Last 100 lines' }).first().click({ timeout: 10_000 });
          await page.getByText('api | api is listening').first().waitFor({ timeout: 30_000 });
          // The header says what is followed, so a quiet stream does not look broken.
          await page.getByText(`${app}: following api — last 100 lines, then new lines as they come`).first().waitFor({ timeout: 10_000 });
        },
        page,
      );
      await step(
        'Stop Project: no alarm, no warning colour while it goes down',
        async () => {
          // `sleep` ignores SIGTERM: the stop ends in SIGKILL (exit 137) after compose's timeout, and a restart policy is set.
          await command('Compose Mesh: Stop Project (down)');
          await page.locator('.quick-input-list .monaco-list-row', { hasText: app }).first().click({ timeout: 10_000 });
          await page.getByRole('button', { name: 'Down', exact: true }).click({ timeout: 10_000 });
          const alarms = page.locator('.notification-toast', { hasText: /became unhealthy|crashed/ });
          const warningBar = page.locator('.statusbar-item.warning-kind', { hasText: /healthy|failing/ });
          const deadline = Date.now() + 40_000;
          while (!(await page.locator('.monaco-list-row', { hasText: app }).filter({ hasText: 'not running' }).count())) {
            if (await alarms.count()) throw new Error(`an alarm during the stop: ${await alarms.first().innerText()}`);
            if (await warningBar.count()) throw new Error(`the status bar turned to warning during the stop: ${await warningBar.first().innerText()}`);
            if (Date.now() > deadline) throw new Error('the project did not go down');
            await page.waitForTimeout(200);
          }
          await page.waitForTimeout(2000);
          if (await alarms.count()) throw new Error(`an alarm after the stop: ${await alarms.first().innerText()}`);
        },
        page,
      );
    }
  } finally {
    server?.process.kill();
    spawnSync('docker', ['compose', '-p', app, 'down', '--timeout', '0']);
  }

  // An untrusted folder: validation works, commands that run things are not offered.
  const untrusted = await launchCodeServer(work, workspace, { name: 'untrusted-data', settings: { 'security.workspace.trust.enabled': true } });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await openWorkbench(page, untrusted);
    await step(
      'an untrusted folder: still validated, but Start is not offered',
      async () => {
        const refuse = page.getByRole('button', { name: /No, I don.t trust the authors/ });
        await refuse.waitFor({ timeout: 30_000 });
        await refuse.click();
        await page.getByText('Restricted Mode').first().waitFor({ timeout: 30_000 });
        await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'compose.yaml' }).first().click();
        await page.waitForSelector('.squiggly-error', { timeout: 60_000 });
        await page.keyboard.press('F1');
        await page.keyboard.type('Compose Mesh: Validate');
        // The palette is there and lists the extension's commands…
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Compose Mesh: Validate' }).first().waitFor({ timeout: 10_000 });
        // …but not Start, whose enablement needs a trusted workspace.
        await page.keyboard.press('Control+A');
        await page.keyboard.type('Compose Mesh: Start Project');
        await page.waitForTimeout(1000);
        const offered = await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Compose Mesh: Start Project' }).count();
        if (offered !== 0) throw new Error('Start Project is offered in an untrusted folder');
        await page.keyboard.press('Escape');
      },
      page,
    );
  } finally {
    untrusted.process.kill();
    await browser.close();
  }
  steps.report('browser');
}

main().catch((err: Error) => {
  console.error(`browser suite: ${err.stack ?? err.message}`);
  process.exit(1);
});
