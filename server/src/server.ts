import * as path from 'node:path';
import {
  CodeActionKind,
  createConnection,
  DiagnosticSeverity,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Diagnostic,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from './uri';
import { DescribeProjectRequest, ServiceStateRequest, TopologyRequest, ValidateRequest, type ServerSettings, type ValidateResult } from '../../common/protocol';
import { resolveDockerEndpoint } from './docker/endpoint';
import { buildTopology, toMermaid, toSvg } from './engine/contract/topology';
import { validateLive } from './live/validate-live';
import { registerFeatures, type Analysis } from './features';
import { CONTRACT_NAMES } from './engine/contract/load';
import { healthcheckState } from './engine/project/health';
import { parsePort } from './engine/project/ports';
import { get, listItems, namesOf, text } from './engine/yaml/nodes';
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

const DEFAULT_SETTINGS: ServerSettings = { rules: {}, fileSets: [], profiles: [], contract: '', target: '', docker: { host: '' }, live: { probeOutside: '' } };
let settings: ServerSettings = DEFAULT_SETTINGS;
/** Live findings per project (file set), kept until the next live Validate of that project. */
const liveFindings = new Map<string, Finding[]>();
let canPullConfiguration = false;
const loggedProblems = new Set<string>();
/** The last round of checks: results per file set, the file set speaking for each file, and the document versions it saw. */
let round = { results: new Map<string, ValidationResult>(), owner: new Map<string, string>(), versions: new Map<string, number>() };
/** Files that currently carry diagnostics from us, so they can be cleared. */
const published = new Set<string>();
let timer: NodeJS.Timeout | undefined;

connection.onInitialize((params) => {
  canPullConfiguration = !!params.capabilities.workspace?.configuration;
  const { liveState: answersLiveState, ...init } = (params.initializationOptions ?? {}) as Partial<ServerSettings> & { liveState?: boolean };
  settings = { ...settings, ...init };
  clientKnowsLiveState = !!answersLiveState;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      completionProvider: { triggerCharacters: [' ', '-', '[', ','] },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      documentHighlightProvider: true,
      renameProvider: { prepareProvider: true },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      documentLinkProvider: { resolveProvider: false },
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
      if (pulled) settings = { ...DEFAULT_SETTINGS, ...pulled, docker: { ...DEFAULT_SETTINGS.docker, ...pulled.docker }, live: { ...DEFAULT_SETTINGS.live, ...pulled.live } };
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
    { rules: settings.rules, fileSets: settings.fileSets.length ? settings.fileSets : undefined, contract: settings.contract || undefined, target: settings.target || undefined },
    dir,
  );
  if (settings.profiles.length) overlay.profiles = settings.profiles;
  // Quiet operation: a configuration problem is logged once, not on every keystroke.
  for (const p of overlay.problems) {
    if (loggedProblems.has(p)) continue;
    loggedProblems.add(p);
    connection.console.warn(`Configuration: ${p}`);
  }
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
  for (const [key, live] of liveFindings) for (const f of live) if (!owner.has(f.file.path) && results.has(key)) owner.set(f.file.path, key);
  round = { results, owner, versions: new Map(documents.all().map((d) => [d.uri, d.version])) };
  for (const [file, key] of owner) {
    const findings = [...(results.get(key)?.findings ?? []), ...(liveFindings.get(key) ?? [])].filter((f) => f.file.path === file);
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

connection.onRequest(ValidateRequest, async ({ uri, live, probe }) => {
  const file = URI.toPath(uri);
  const h = host();
  const validated = validateFor(file, h);
  if (!validated) return { files: [], services: 0, counts: { error: 0, warning: 0, info: 0, hint: 0 } };
  const { key, result } = validated;
  const summary: ValidateResult = {
    files: result.project.files.map((f) => URI.fromPath(f.path)),
    services: result.project.services.length,
    counts: { error: 0, warning: 0, info: 0, hint: 0 },
  };
  const all = [...result.findings];
  if (live) {
    let endpoint;
    try {
      endpoint = resolveDockerEndpoint({ env: process.env, explicitHost: settings.docker.host || undefined });
      const checked = await validateLive(result, endpoint, configFor(file, h), { enabled: !!probe, outside: settings.live.probeOutside || undefined });
      liveFindings.set(key, checked.findings);
      all.push(...checked.findings);
      summary.live = { engine: endpoint.description, findings: checked.findings.length, notes: checked.notes };
    } catch (err) {
      liveFindings.delete(key);
      summary.live = { engine: endpoint?.description ?? 'no engine', findings: 0, notes: [], error: (err as Error).message };
    }
    schedule();
  }
  for (const f of all) summary.counts[f.severity]++;
  return summary;
});

connection.onRequest(DescribeProjectRequest, ({ uri, profiles }) => {
  const file = URI.toPath(uri);
  const h = host();
  const config = configFor(file, h);
  if (profiles) config.profiles = profiles;
  const input = projectForDocument(file, h, config);
  if (!input) return null;
  const result = validateProject(input, h, config);
  const allProfiles = new Set<string>();
  const services = result.project.services.map((s) => {
    const own = namesOf(get(s.node, 'profiles')).map((p) => p.name);
    own.forEach((p) => allProfiles.add(p));
    return {
      name: s.name,
      uri: URI.fromPath(s.key.file.path),
      line: s.key.file.positionAt(s.key.start).line,
      hasHealthcheck: healthcheckState(s.node) === 'defined',
      enabled: s.enabled,
      profiles: own,
      image: text(get(s.node, 'image')),
      build: !!get(s.node, 'build'),
      ports: listItems(get(s.node, 'ports'))
        .map(parsePort)
        .filter((b): b is NonNullable<typeof b> => !!b?.host)
        .flatMap((b) => Array.from({ length: (b.host?.to ?? 0) - (b.host?.from ?? 0) + 1 }, (_, i) => ({ hostIp: b.hostIp, hostPort: (b.host?.from ?? 0) + i, protocol: b.protocol }))),
    };
  });
  return {
    name: result.project.name,
    dir: result.project.dir,
    files: input.files,
    profiles: [...allProfiles].sort(),
    services,
    errors: result.findings.filter((f) => f.severity === 'error').length,
  };
});

connection.onRequest(TopologyRequest, ({ uri }) => {
  const validated = validateFor(URI.toPath(uri), host());
  const contract = validated?.result.contract;
  if (!validated || !contract) return null;
  const { result } = validated;
  const topology = buildTopology(result.project, contract, [...result.findings, ...(liveFindings.get(validated.key) ?? [])]);
  // Violations carry paths relative to the project: give the client absolute URIs to open.
  const files = Object.fromEntries(topology.violations.map((v) => [v.file, URI.fromPath(path.resolve(result.project.dir, v.file))]));
  return { topology, svg: toSvg(topology), mermaid: toMermaid(topology), files };
});

/**
 * The project of a document for the language features: the last round's (cheap, possibly a
 * keystroke old), or — when `fresh` is asked and the document changed since — checked now.
 */
function analysis(uri: string, fresh: boolean): Analysis | undefined {
  const file = URI.toPath(uri);
  const doc = documents.get(uri);
  const isContract = CONTRACT_NAMES.includes(path.basename(file)) || file === settings.contract;
  const key = round.owner.get(file);
  let result = key ? round.results.get(key) : undefined;
  let current = !!result && (!doc || round.versions.get(uri) === doc.version);
  if (!result || (fresh && !current)) {
    result = validateFor(file, host())?.result;
    current = true;
  }
  return result ? { result, file, isContract, fresh: current } : undefined;
}

/** The client answers from the Docker Engine; a hover never waits long for it. */
let clientKnowsLiveState = false;
async function liveState(project: string, service: string): Promise<string | null> {
  if (!clientKnowsLiveState) return null;
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 400));
  return Promise.race([connection.sendRequest(ServiceStateRequest, { project, service }).catch(() => null), timeout]);
}

registerFeatures(connection, documents, analysis, liveState);

process.on('uncaughtException', (err) => connection.console.error(`Unexpected error: ${err.stack ?? err}`));

documents.listen(connection);
connection.listen();
