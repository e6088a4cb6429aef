import * as path from 'node:path';
import {
  createConnection,
  DiagnosticSeverity,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Diagnostic,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from './uri';
import { ValidateRequest, type ServerSettings } from '../../common/protocol';
import { applyConfig, loadConfig, type Config } from './engine/config';
import type { Finding, Severity } from './engine/diagnostic';
import { DiskHost, OverlayHost } from './engine/project/host';
import { projectForDocument } from './engine/project/targets';
import { validateProject, type ValidationResult } from './engine/validate';

/**
 * The language server: a thin shell that maps open documents to Compose projects, runs the
 * engine on each project once per change burst, and publishes every finding on the file and
 * line where it is written (so an override file's problem shows in the override file).
 */
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const disk = new DiskHost();
const DEBOUNCE_MS = 120;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

let settings: ServerSettings = { rules: {}, fileSets: [], profiles: [], contract: '' };
let canPullConfiguration = false;
/** Files that currently carry diagnostics from us, so they can be cleared. */
const published = new Set<string>();
let timer: NodeJS.Timeout | undefined;

connection.onInitialize((params) => {
  canPullConfiguration = !!params.capabilities.workspace?.configuration;
  const init = params.initializationOptions as Partial<ServerSettings> | undefined;
  if (init) settings = { ...settings, ...init };
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    },
    serverInfo: { name: 'compose-mesh' },
  };
});

connection.onInitialized(() => void refreshSettings());
connection.onDidChangeConfiguration(() => void refreshSettings());
connection.onDidChangeWatchedFiles(() => schedule());
documents.onDidChangeContent(() => schedule());
documents.onDidClose((e) => {
  // A closed file keeps the diagnostics of its project only while the project is still open.
  published.delete(URI.toPath(e.document.uri));
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  schedule();
});

async function refreshSettings(): Promise<void> {
  if (canPullConfiguration) {
    try {
      const pulled = (await connection.workspace.getConfiguration('composeMesh')) as Partial<ServerSettings> | null;
      if (pulled) settings = { rules: pulled.rules ?? {}, fileSets: pulled.fileSets ?? [], profiles: pulled.profiles ?? [], contract: pulled.contract ?? '' };
    } catch (err) {
      connection.console.warn(`Could not read settings: ${(err as Error).message}`);
    }
  }
  schedule();
}

function schedule(): void {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = undefined;
    try {
      validateOpenProjects();
    } catch (err) {
      connection.console.error(`Validation failed: ${(err as Error).stack ?? err}`);
    }
  }, DEBOUNCE_MS);
}

function host(): OverlayHost {
  const buffers = new Map<string, string>();
  for (const doc of documents.all()) buffers.set(URI.toPath(doc.uri), doc.getText());
  return new OverlayHost(buffers, disk);
}

function configFor(file: string, h: OverlayHost): Config {
  const base = loadConfig(path.dirname(file), h);
  const dir = base.path ? path.dirname(base.path) : path.dirname(file);
  const overlay = applyConfig(
    base,
    { rules: settings.rules, fileSets: settings.fileSets.length ? settings.fileSets : undefined, contract: settings.contract || undefined },
    dir,
  );
  if (settings.profiles.length) overlay.profiles = settings.profiles;
  for (const p of overlay.problems) connection.console.warn(`Configuration: ${p}`);
  return overlay;
}

/** Validates the project of `file`, once per distinct file set within one round. */
function validateFor(file: string, h: OverlayHost, round = new Map<string, ValidationResult>()): { key: string; result: ValidationResult } | undefined {
  const config = configFor(file, h);
  const input = projectForDocument(file, h, config);
  if (!input) return undefined;
  const key = input.files.join('\n');
  let result = round.get(key);
  if (!result) {
    result = validateProject(input, h, config);
    for (const f of result.failures) connection.console.error(f);
    round.set(key, result);
  }
  return { key, result };
}

function validateOpenProjects(): void {
  const h = host();
  const results = new Map<string, ValidationResult>();
  /** Which project speaks for each file: the one the file itself belongs to when it is open. */
  const owner = new Map<string, string>();
  for (const doc of documents.all()) {
    const file = URI.toPath(doc.uri);
    const validated = validateFor(file, h, results);
    if (validated) owner.set(file, validated.key);
  }
  // Files of the projects that are not open themselves (base files, includes, the contract).
  for (const [key, result] of results) {
    for (const f of result.project.files) if (!owner.has(f.path)) owner.set(f.path, key);
    for (const f of result.findings) if (!owner.has(f.file.path)) owner.set(f.file.path, key);
  }
  for (const file of published) if (!owner.has(file)) void connection.sendDiagnostics({ uri: URI.fromPath(file), diagnostics: [] });
  published.clear();
  for (const [file, key] of owner) {
    const findings = (results.get(key)?.findings ?? []).filter((f) => f.file.path === file);
    published.add(file);
    void connection.sendDiagnostics({ uri: URI.fromPath(file), diagnostics: findings.map(toDiagnostic) });
  }
}

function toDiagnostic(f: Finding): Diagnostic {
  return {
    range: f.file.rangeOf(f.start, f.end),
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    source: 'compose-mesh',
    message: f.message,
  };
}

connection.onRequest(ValidateRequest, ({ uri }) => {
  const validated = validateFor(URI.toPath(uri), host());
  if (!validated) return { files: [], services: 0, counts: { error: 0, warning: 0, info: 0, hint: 0 } };
  const { result } = validated;
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of result.findings) counts[f.severity]++;
  return { files: result.project.files.map((f) => URI.fromPath(f.path)), services: result.project.services.length, counts };
});

process.on('uncaughtException', (err) => connection.console.error(`Unexpected error: ${err.stack ?? err}`));

documents.listen(connection);
connection.listen();
