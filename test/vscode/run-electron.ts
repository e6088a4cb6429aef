/**
 * The same extension-host suite in VS Code desktop, for machines that can download it
 * (`npm run test:desktop`). CI here has no internet and uses run-server.ts instead.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-desktop-'));
  fs.mkdirSync(path.join(workspace, 'broken'));
  fs.writeFileSync(path.join(workspace, 'broken', 'compose.yaml'), 'services:\n  web:\n    image: busybox:1.36\n    depends_on: [db]\n');
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out', 'test', 'vscode', 'suite', 'index.js'),
    launchArgs: [workspace, '--disable-workspace-trust', '--disable-extensions'],
  });
}

main().catch((err: Error) => {
  console.error(`desktop suite: ${err.message}`);
  process.exit(1);
});
