// Bundles the extension client, the language server and the CLI into dist/.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Packaged builds are minified without source maps; development builds keep them.
  sourcemap: !minify,
  minify,
  logLevel: 'warning',
  define: { COMPOSE_MESH_VERSION: JSON.stringify(pkg.version) },
  // ssh2 (dockerode's ssh transport) tries optional native add-ons inside try/catch and falls
  // back to JavaScript: leave them out of the bundle.
  external: ['*.node'],
};

// The graph-layout engine is large (1.6 MB) and only drawing the mesh map needs it: it ships as
// dist/elk.js beside the bundles and is required from there on first use, so neither the CLI's
// start-up nor the language server's pays for it otherwise.
const elkBeside = {
  name: 'elk-beside',
  setup(build) {
    build.onResolve({ filter: /^elkjs\/lib\/elk\.bundled\.js$/ }, () => ({ path: './elk.js', external: true }));
  },
};
common.plugins = [elkBeside];

/**
 * Parts of the CLI that only some commands need (the live half with dockerode and ssh2, the
 * metrics reader) are separate files next to dist/cli.js, loaded by `import()` when asked for:
 * the plain `validate` path compiles only the engine.
 */
const cliChunks = [
  { entryPoints: ['server/src/cli-live.ts'], outfile: 'dist/cli-live.js', minify: true },
  { entryPoints: ['server/src/metrics/cli.ts'], outfile: 'dist/metrics/cli.js', minify: true },
];
const lazyChunks = {
  name: 'lazy-cli-chunks',
  setup(build) {
    build.onResolve({ filter: /^\.\/(cli-live|metrics\/cli)\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};

const builds = [
  { entryPoints: ['node_modules/elkjs/lib/elk.bundled.js'], outfile: 'dist/elk.js', sourcemap: false, plugins: [] },
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode', '*.node'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  // The CLI is a short-lived process: minified always, as start-up compiles all it loads.
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, minify: true, plugins: [elkBeside, lazyChunks] },
  ...cliChunks,
  // The metrics dashboard runs in a webview: a browser script (uPlot included) and its styles.
  { entryPoints: ['client/src/metrics/webview/dashboard.ts'], outfile: 'dist/dashboard.js', platform: 'browser', format: 'iife', target: 'chrome120' },
  // The mesh map's webview script and styles.
  {
    entryPoints: ['client/src/meshMap/webview/map.ts', 'client/src/meshMap/webview/map.css'],
    outdir: 'dist',
    entryNames: 'meshmap',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  },
];

if (watch) {
  for (const b of builds) await (await esbuild.context({ ...common, ...b })).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
}
