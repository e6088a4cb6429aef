// Lint configuration (flat config): the recommended JavaScript and TypeScript rules, with the
// few choices this code base makes on purpose.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'node_modules/', '.vscode-test/', '.bench/', 'test/corpus/', 'test/fixtures/', 'test/broken/', 'examples/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks a parameter an interface requires but this implementation does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `x == null` covers undefined and null on purpose.
      eqeqeq: ['error', 'smart'],
      // Event loops and readers are written as `while (true)` with a break.
      'no-constant-condition': ['error', { checkLoops: false }],
      // Control characters are matched on purpose: they are stripped from what is printed.
      'no-control-regex': 'off',
    },
  },
  {
    // Webviews, and the bench's functions evaluated inside a browser page.
    files: ['client/src/**/webview/**/*.ts', 'bench/metrics.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
