/** The grammars, run by the same TextMate engine VS Code uses (vscode-textmate + oniguruma). */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar } from 'vscode-textmate';

const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const grammarFile = (scope: string) => path.join(root, manifest.contributes.grammars.find((g: { scopeName: string }) => g.scopeName === scope).path);

/** A stand-in for VS Code's YAML grammar: plain text with comments, enough to host the injection. */
const YAML_STUB = JSON.stringify({ scopeName: 'source.yaml', patterns: [{ name: 'comment.line.number-sign.yaml', match: '#.*$' }] });

async function registry(): Promise<Registry> {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  return new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) => {
      if (scope === 'source.yaml') return parseRawGrammar(YAML_STUB, 'yaml.json');
      const file = grammarFile(scope);
      return parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
    getInjections: (scope) => (scope === 'source.yaml' ? ['compose-mesh.interpolation.injection'] : undefined),
  });
}

/** The tokens of a line with their innermost scope; plain text (only the root scope) is left out. */
function tokens(grammar: IGrammar, line: string): string[] {
  return grammar
    .tokenizeLine(line, INITIAL)
    .tokens.filter((t) => t.scopes.length > 1)
    .map((t) => `${line.slice(t.startIndex, t.endIndex)}=${t.scopes[t.scopes.length - 1]}`);
}

test('grammar: interpolation injected into YAML — every form, nesting, the $$ escape, not in comments', async () => {
  const yaml = (await (await registry()).loadGrammar('source.yaml')) as IGrammar;
  assert.deepEqual(tokens(yaml, 'image: "app:${TAG:-latest}"'), [
    '${=punctuation.definition.variable.begin.compose',
    'TAG=variable.other.readwrite.compose',
    ':-=keyword.operator.default.compose',
    'latest=string.unquoted.default.compose',
    '}=punctuation.definition.variable.end.compose',
  ]);
  assert.deepEqual(tokens(yaml, 'url: ${DB:?set DB} $HOME $$5'), [
    '${=punctuation.definition.variable.begin.compose',
    'DB=variable.other.readwrite.compose',
    ':?=keyword.operator.required.compose',
    'set DB=string.unquoted.default.compose',
    '}=punctuation.definition.variable.end.compose',
    '$=punctuation.definition.variable.compose',
    'HOME=variable.other.readwrite.compose',
    '$$=constant.character.escape.dollar.compose',
  ]);
  assert.deepEqual(tokens(yaml, 'x: ${A:-${B}}'), [
    '${=punctuation.definition.variable.begin.compose',
    'A=variable.other.readwrite.compose',
    ':-=keyword.operator.default.compose',
    '${=punctuation.definition.variable.begin.compose',
    'B=variable.other.readwrite.compose',
    '}=punctuation.definition.variable.end.compose',
    '}=punctuation.definition.variable.end.compose',
  ]);
  assert.deepEqual(tokens(yaml, '# ${NOT_HERE}'), ['# ${NOT_HERE}=comment.line.number-sign.yaml']);
});

test('grammar: the contract scopes its sections, keys and tier references', async () => {
  const contract = (await (await registry()).loadGrammar('source.yaml.compose-mesh-contract')) as IGrammar;
  assert.deepEqual(tokens(contract, 'tiers:'), ['tiers=keyword.other.section.contract.compose-mesh']);
  assert.deepEqual(tokens(contract, '    reach: [api, data]'), [
    'reach=support.type.property-name.contract.compose-mesh',
    'api, data=entity.name.type.tier.compose-mesh',
  ]);
  assert.deepEqual(tokens(contract, '    internal: true'), ['internal=support.type.property-name.contract.compose-mesh']);
});
