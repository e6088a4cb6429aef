import * as path from 'node:path';
import {
  CodeActionKind,
  DiagnosticSeverity,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from './uri';
import {
  DescribeProjectRequest,
  EditorPeersNotification,
  StackProjectsNotification,
  editorFeaturesOn,
  ImageHealthRequest,
  SwarmNodesRequest,
  ServiceStateRequest,
  TopologyRequest,
  ValidateRequest,
  type ServerSettings,
  type ValidateResult,
} from '../../common/protocol';
import { resolveDockerEndpoint } from '../../common/docker/endpoint';
import { drawTopology, pictureFiles } from './engine/contract/picture';
import { validateLive } from './live/validate-live';
import { registerFeatures, type Analysis } from './features';
import { CONTRACT_NAMES } from './engine/contract/load';
import { healthcheckState } from './engine/project/health';
import { hostPorts, parsePort } from './engine/project/ports';
import { get, listItems, namesOf, text } from './engine/yaml/nodes';
import { applyConfig, loadConfig, type Config } from './engine/config';
import type { Finding, Severity } from './engine/diagnostic';
import type { Host } from './engine/project/host';
import { projectForDocument } from './engine/project/targets';
import { validateProject, type ValidationResult } from './engine/validate';
import { recheckEditedService, type ShownFindings } from './engine/recheck';
import { SourceFile } from './engine/text';
import { CachedDisk, ParseCache, TrackingHost } from './check-cache';
import { ImageFacts } from './engine/project/image-facts';
import { EngineFacts } from './engine/project/engine-facts';
import { SWARM_NODES } from './engine/project/host';
import type { SwarmNodeFacts } from '../../common/docker/swarm-nodes';

const DEBOUNCE_MS = 40;
/** A project whose whole check takes this long (ms) answers a keystroke by re-checking only the edited service. */
const QUICK_RECHECK_FROM_MS = 30;
/** After such an answer, the whole project is checked once typing has paused this long (ms). */
const SETTLE_MS = 250;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Settings as pulled from the client, with the defaults for what it left out. */
function withDefaults(pulled: Partial<ServerSettings>): ServerSettings {
  return {
    ...DEFAULT_SETTINGS,
    ...pulled,
    docker: { ...DEFAULT_SETTINGS.docker, ...pulled.docker },
    live: { ...DEFAULT_SETTINGS.live, ...pulled.live },
  };
}

const DEFAULT_SETTINGS: ServerSettings = {
  rules: {},
  fileSets: [],
  profiles: [],
  contract: '',
  target: '',
  maxFileSizeMiB: null,
  docker: { host: '' },
  live: { probeOutside: '' },
  editorFeatures: 'auto',
};

/** One project's check: its result, or why it could not be checked, and the reads it depended on. */
interface Checked {
  key: string;
  host: TrackingHost;
  result?: ValidationResult;
  /** How long the check took (ms). */
  ms?: number;
  /** The internal error that stopped the check (the project's documents say so; others go on). */
  failure?: string;
}

export interface ServerOptions {
  /** The engine's check of one project; tests pass one that fails to see the others carry on. */
  validate?: typeof validateProject;
  /** The environment Compose would see (defaults to the server's). */
  env?: Readonly<Record<string, string | undefined>>;
  /** How slow a project's whole check must be (ms) for a keystroke to re-check only its edited service; tests lower it. */
  quickRecheckFromMs?: number;
}

/**
 * The language server: maps open documents to Compose projects, checks each project inside its
 * own guard — again only when a file it read changed — and publishes every finding on the file
 * and line where it is written (so an override file's problem shows in the override file).
 * All state lives here, so a test can run several servers in one process.
 */
export class ComposeMeshServer {
  readonly documents = new TextDocuments(TextDocument);
  private readonly disk: CachedDisk;
  private readonly parses = new ParseCache();
  private readonly validate: typeof validateProject;
  private readonly quickRecheckFromMs: number;
  /** Checks by file set, kept while their inputs are unchanged. */
  private projects = new Map<string, Checked>();
  private settings: ServerSettings = DEFAULT_SETTINGS;
  /** The workspace folders (paths, longest first): a file takes its folder's settings. */
  private folders: string[] = [];
  /** Settings as VS Code scopes them for each folder (rules, profiles, target… may differ per folder). */
  private folderSettings = new Map<string, ServerSettings>();
  private installedPeers: string[] = [];
  /** Project directories deployed as stacks from the editor: checked in stack mode unless a target is chosen. */
  private stackDirs = new Set<string>();
  /** Live findings per project (file set), kept until the next live Validate of that project. */
  private readonly liveFindings = new Map<string, Finding[]>();
  private canPullConfiguration = false;
  /** Whether the client tells us when workspace folders are added or removed. */
  private folderChanges = false;
  private clientKnowsLiveState = false;
  private readonly loggedProblems = new Set<string>();
  /** The file set speaking for each file in the last round, and the document versions it saw. */
  private round = { owner: new Map<string, string>(), versions: new Map<string, number>() };
  /** What each file last received from us, so unchanged diagnostics are not sent again. */
  private readonly published = new Map<string, string>();
  /** What each open document shows, located in its text: where a keystroke's re-check of one service starts from. */
  private readonly shown = new Map<string, ShownFindings>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: Connection,
    options: ServerOptions = {},
  ) {
    this.disk = new CachedDisk(options.env ?? process.env);
    this.validate = options.validate ?? validateProject;
    this.quickRecheckFromMs = options.quickRecheckFromMs ?? QUICK_RECHECK_FROM_MS;
    this.registerLifecycle();
    this.registerRequests();
    registerFeatures(connection, this.documents, {
      analysis: (uri, fresh) => this.analysis(uri, fresh),
      liveState: (project, service) => this.liveState(project, service),
      editorFeaturesOn: () => editorFeaturesOn(this.settings.editorFeatures, this.installedPeers),
    });
  }

  listen(): void {
    this.documents.listen(this.connection);
    this.connection.listen();
  }

  private registerLifecycle(): void {
    const { connection, documents } = this;
    connection.onInitialize((params) => {
      this.canPullConfiguration = !!params.capabilities.workspace?.configuration;
      this.folderChanges = !!params.capabilities.workspace?.workspaceFolders;
      this.setFolders((params.workspaceFolders ?? []).map((f) => f.uri));
      const { liveState, imageHealth, swarmNodes, peers, ...init } = (params.initializationOptions ?? {}) as Partial<ServerSettings> & {
        liveState?: boolean;
        imageHealth?: boolean;
        swarmNodes?: boolean;
        peers?: string[];
      };
      // A client with an engine answers image questions: checks then read images' HEALTHCHECK.
      if (imageHealth) this.disk.images = new ImageFacts();
      // And about the swarm it manages: placement constraints are checked against its nodes.
      if (swarmNodes) this.disk.swarm = new EngineFacts();
      this.settings = { ...this.settings, ...init };
      this.clientKnowsLiveState = !!liveState;
      this.installedPeers = peers ?? [];
      return {
        capabilities: {
          textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
          // Folders come and go in a multi-root workspace: each keeps its own settings.
          workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
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
          documentFormattingProvider: true,
          documentRangeFormattingProvider: true,
        },
        serverInfo: { name: 'compose-mesh' },
      };
    });
    connection.onInitialized(() => {
      if (this.folderChanges)
        connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
          const gone = new Set(removed.map((f) => URI.toPath(f.uri)));
          this.setFolders([...this.folders.filter((f) => !gone.has(f)).map(URI.fromPath), ...added.map((f) => f.uri)]);
          void this.refreshSettings();
        });
      void this.refreshSettings();
    });
    connection.onDidChangeConfiguration(() => void this.refreshSettings());
    connection.onNotification(StackProjectsNotification, ({ dirs }) => {
      this.stackDirs = new Set(dirs.map((d) => path.resolve(d)));
      this.projects = new Map();
      this.schedule();
    });
    connection.onNotification(EditorPeersNotification, ({ installed }) => {
      this.installedPeers = installed;
    });
    connection.onDidChangeWatchedFiles(({ changes }) => {
      const paths = [];
      for (const c of changes) if (c.uri.startsWith('file:')) paths.push(URI.toPath(c.uri));
      this.disk.forget(paths);
      this.schedule();
    });
    documents.onDidChangeContent(({ document }) => this.schedule(this.recheckEdited(document) ? SETTLE_MS : DEBOUNCE_MS));
    documents.onDidClose((e) => {
      // A closed file keeps the diagnostics of its project only while the project is still open.
      const file = this.pathOf(e.document.uri);
      if (file) {
        this.published.delete(file);
        this.shown.delete(file);
      }
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
      this.schedule();
    });
  }

  private async refreshSettings(): Promise<void> {
    if (this.canPullConfiguration) {
      try {
        const items = [{ section: 'composeMesh' }, ...this.folders.map((f) => ({ scopeUri: URI.fromPath(f), section: 'composeMesh' }))];
        const [pulled, ...perFolder] = (await this.connection.workspace.getConfiguration(items)) as (Partial<ServerSettings> | null | undefined)[];
        if (pulled) this.settings = withDefaults(pulled);
        this.folderSettings = new Map();
        this.folders.forEach((f, i) => {
          const own = perFolder[i];
          if (own) this.folderSettings.set(f, withDefaults(own));
        });
      } catch (err) {
        this.connection.console.warn(`Could not read settings: ${(err as Error).message}`);
      }
    }
    // Rules, file sets and profiles change every result.
    this.projects = new Map();
    this.schedule();
  }

  private schedule(delay = DEBOUNCE_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.checkOpenProjects();
      } catch (err) {
        this.connection.console.error(`Validation failed: ${(err as Error).stack ?? err}`);
      }
      void this.askAboutImages();
      void this.askAboutSwarm();
    }, delay);
  }

  /**
   * A keystroke in a project too large to check whole at once: the edited service alone is
   * checked again and the document shows it at once (see engine/recheck.ts); true when it did.
   * Never throws: anything unexpected leaves it to the whole check.
   */
  private recheckEdited(doc: TextDocument): boolean {
    try {
      const file = this.pathOf(doc.uri);
      const shown = file && this.shown.get(file);
      const key = file && this.round.owner.get(file);
      const checked = key ? this.projects.get(key) : undefined;
      if (!file || !shown || !checked?.result || (checked.ms ?? 0) < this.quickRecheckFromMs) return false;
      const host = new TrackingHost(this.buffers(), this.disk, this.parses);
      const config = this.configFor(file, host);
      const input = projectForDocument(file, host, config);
      const next = input && recheckEditedService(shown, new SourceFile(file, doc.getText()), input, host, config);
      if (!next) return false;
      this.shown.set(file, next);
      this.publish(file, next.findings.map(toDiagnostic));
      return true;
    } catch (err) {
      this.connection.console.error(`Re-checking the edited service failed: ${(err as Error).stack ?? err}`);
      return false;
    }
  }

  /** Asks the client's engine about the images the last checks wanted; checks again when it learned something. */
  private askAboutImages(): Promise<void> {
    return this.askEngine(this.disk.images, async (images) => this.connection.sendRequest(ImageHealthRequest, { images }), 'images');
  }

  /** Asks the client's engine for the swarm's nodes when the last checks wanted them (placement constraints). */
  private askAboutSwarm(): Promise<void> {
    return this.askEngine(
      this.disk.swarm,
      async (): Promise<Record<string, SwarmNodeFacts[]>> => {
        const nodes = await this.connection.sendRequest(SwarmNodesRequest);
        return nodes ? { [SWARM_NODES]: nodes } : {};
      },
      'the swarm',
    );
  }

  private async askEngine<A>(facts: EngineFacts<A> | undefined, ask: (keys: string[]) => Promise<Record<string, A>>, what: string): Promise<void> {
    const wanted = facts?.takeWanted() ?? [];
    if (!facts || wanted.length === 0) return;
    try {
      if (!facts.learn(await ask(wanted))) return;
      this.projects = new Map();
      this.schedule();
    } catch (err) {
      this.logOnce(`Could not ask the engine about ${what}: ${(err as Error).message}`);
    }
  }

  /** The path of a document, or undefined for a URI no path can be made of (logged once). */
  private pathOf(uri: string): string | undefined {
    try {
      return URI.toPath(uri);
    } catch (err) {
      this.logOnce(`Cannot check ${uri}: ${(err as Error).message}`);
      return undefined;
    }
  }

  private logOnce(problem: string): void {
    if (this.loggedProblems.has(problem)) return;
    this.loggedProblems.add(problem);
    this.connection.console.warn(problem);
  }

  private buffers(): Map<string, string> {
    const buffers = new Map<string, string>();
    for (const doc of this.documents.all()) {
      const file = this.pathOf(doc.uri);
      if (file) buffers.set(file, doc.getText());
    }
    return buffers;
  }

  /** The settings of the workspace folder holding `file` (the workspace's outside any folder). */
  private settingsFor(file: string): ServerSettings {
    const folder = this.folders.find((f) => file === f || file.startsWith(f.endsWith(path.sep) ? f : f + path.sep));
    return (folder && this.folderSettings.get(folder)) || this.settings;
  }

  private setFolders(uris: string[]): void {
    this.folders = uris
      .filter((u) => u.startsWith('file:'))
      .map(URI.toPath)
      .sort((a, b) => b.length - a.length);
  }

  private configFor(file: string, h: Host): Config {
    const settings = this.settingsFor(file);
    const base = loadConfig(path.dirname(file), h);
    const dir = base.path ? path.dirname(base.path) : path.dirname(file);
    const overlay = applyConfig(
      base,
      {
        rules: settings.rules,
        fileSets: settings.fileSets.length ? settings.fileSets : undefined,
        contract: settings.contract || undefined,
        target: settings.target || undefined,
        maxFileSizeMiB: settings.maxFileSizeMiB ?? undefined,
      },
      dir,
    );
    if (settings.profiles.length) overlay.profiles = settings.profiles;
    // Deployed as a stack from the editor, and no target chosen: checked as the swarm will run it.
    if (!overlay.targetChosen && this.stackDirs.has(path.dirname(file))) overlay.target = 'swarm';
    // Quiet operation: a configuration problem is logged once, not on every keystroke.
    for (const p of overlay.problems) this.logOnce(`Configuration: ${p}`);
    return overlay;
  }

  /**
   * The check of the project of `file`: from this round when another document asked already,
   * from the cache when nothing it read changed, else run now — inside a guard, so an internal
   * error becomes this project's failure and never reaches the other projects.
   */
  private checkFor(file: string, buffers: ReadonlyMap<string, string>, round?: Map<string, Checked>): Checked | undefined {
    const host = new TrackingHost(buffers, this.disk, this.parses);
    let key = file;
    let checked: Checked;
    try {
      const config = this.configFor(file, host);
      this.disk.maxFileMiB = config.maxFileSizeMiB;
      const input = projectForDocument(file, host, config);
      if (!input) return undefined;
      key = input.files.join('\n');
      const inRound = round?.get(key);
      if (inRound) return inRound;
      const known = this.projects.get(key);
      if (known && new TrackingHost(buffers, this.disk, this.parses).sameInputs(known.host)) return known;
      const started = performance.now();
      const result = this.validate(input, host, config);
      for (const f of result.failures) this.connection.console.error(f);
      checked = { key, host, result, ms: performance.now() - started };
    } catch (err) {
      this.connection.console.error(`Checking the project of ${file} failed: ${(err as Error).stack ?? err}`);
      checked = { key, host, failure: (err as Error).message ?? String(err) };
    }
    this.projects.set(key, checked);
    return checked;
  }

  private checkOpenProjects(): void {
    const buffers = this.buffers();
    const round = new Map<string, Checked>();
    /** Which project speaks for each file: the one the file itself belongs to when it is open. */
    const owner = new Map<string, string>();
    for (const file of buffers.keys()) {
      const checked = this.checkFor(file, buffers, round);
      if (!checked) continue;
      round.set(checked.key, checked);
      owner.set(file, checked.key);
    }
    this.projects = round;
    this.disk.prune();
    this.parses.prune();
    // Files of the projects that are not open themselves (base files, includes, the contract).
    for (const [key, { result }] of round) {
      if (!result) continue;
      for (const f of result.project.files) if (!owner.has(f.path)) owner.set(f.path, key);
      for (const f of result.findings) if (!owner.has(f.file.path)) owner.set(f.file.path, key);
      for (const f of this.liveFindings.get(key) ?? []) if (!owner.has(f.file.path)) owner.set(f.file.path, key);
    }
    this.round = { owner, versions: new Map(this.documents.all().map((d) => [d.uri, d.version])) };
    for (const file of [...this.published.keys()]) {
      if (owner.has(file)) continue;
      this.publish(file, []);
      this.published.delete(file);
      this.shown.delete(file);
    }
    for (const [file, key] of owner) {
      const checked = round.get(key);
      if (checked?.failure !== undefined) {
        this.publish(file, buffers.has(file) ? [failureDiagnostic(checked.failure)] : []);
        this.shown.delete(file);
        continue;
      }
      const findings = [...(checked?.result?.findings ?? []), ...(this.liveFindings.get(key) ?? [])].filter((f) => f.file.path === file);
      this.publish(file, findings.map(toDiagnostic));
      this.remember(file, buffers.get(file), findings, checked?.result?.project.interpolatedValues);
    }
  }

  /** What an open document now shows, when every finding is located in its current text. */
  private remember(file: string, text: string | undefined, findings: Finding[], values: ReadonlyMap<string, string> | undefined): void {
    this.shown.delete(file);
    if (text === undefined || !values || !findings.every((f) => f.file.text === text)) return;
    this.shown.set(file, { file: findings[0]?.file ?? new SourceFile(file, text), findings, values });
  }

  private publish(file: string, diagnostics: Diagnostic[]): void {
    const sent = JSON.stringify(diagnostics);
    if (this.published.get(file) === sent) return;
    this.published.set(file, sent);
    void this.connection.sendDiagnostics({ uri: URI.fromPath(file), diagnostics });
  }

  /** The checked project of a file for a request; a project that failed answers with the failure. */
  private resultFor(file: string): { key: string; result: ValidationResult } | undefined {
    const checked = this.checkFor(file, this.buffers());
    if (checked?.failure !== undefined) throw new ResponseError(-32603, `Compose Mesh could not check this project: ${checked.failure}`);
    return checked?.result ? { key: checked.key, result: checked.result } : undefined;
  }

  private registerRequests(): void {
    const { connection } = this;
    connection.onRequest(ValidateRequest, async ({ uri, live, probe }) => {
      const file = URI.toPath(uri);
      const validated = this.resultFor(file);
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
          endpoint = resolveDockerEndpoint({ env: process.env, explicitHost: this.settings.docker.host || undefined });
          const checked = await validateLive(result, endpoint, this.configFor(file, new TrackingHost(this.buffers(), this.disk, this.parses)), {
            enabled: !!probe,
            outside: this.settings.live.probeOutside || undefined,
          });
          this.liveFindings.set(key, checked.findings);
          all.push(...checked.findings);
          summary.live = { engine: endpoint.description, findings: checked.findings.length, notes: checked.notes };
        } catch (err) {
          this.liveFindings.delete(key);
          summary.live = { engine: endpoint?.description ?? 'no engine', findings: 0, notes: [], error: (err as Error).message };
        }
        this.schedule();
      }
      for (const f of all) summary.counts[f.severity]++;
      return summary;
    });

    connection.onRequest(DescribeProjectRequest, ({ uri, profiles, target }) => {
      const file = URI.toPath(uri);
      const h = new TrackingHost(this.buffers(), this.disk, this.parses);
      const config = this.configFor(file, h);
      if (profiles) config.profiles = profiles;
      if (target) config.target = target;
      const input = projectForDocument(file, h, config);
      if (!input) return null;
      const result = this.validate(input, h, config);
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
            .flatMap((b) => hostPorts(b).map((hostPort) => ({ hostIp: b.hostIp, hostPort, protocol: b.protocol }))),
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

    connection.onRequest(TopologyRequest, async ({ uri }) => {
      const validated = this.resultFor(URI.toPath(uri));
      const contract = validated?.result.contract;
      if (!validated || !contract) return null;
      const { result } = validated;
      const picture = await drawTopology(result.project, contract, [...result.findings, ...(this.liveFindings.get(validated.key) ?? [])]);
      // The picture carries paths relative to the project: give the client absolute URIs to open.
      const files = Object.fromEntries(pictureFiles(picture.topology).map((f) => [f, URI.fromPath(path.resolve(result.project.dir, f))]));
      return { ...picture, files };
    });
  }

  /**
   * The project of a document for the language features: the last round's (cheap, possibly a
   * keystroke old), or — when `fresh` is asked and the document changed since — checked now.
   */
  private analysis(uri: string, fresh: boolean): Analysis | undefined {
    const file = this.pathOf(uri);
    if (!file) return undefined;
    const doc = this.documents.get(uri);
    const isContract = CONTRACT_NAMES.includes(path.basename(file)) || file === this.settingsFor(file).contract;
    const key = this.round.owner.get(file);
    let result = key ? this.projects.get(key)?.result : undefined;
    let current = !!result && (!doc || this.round.versions.get(uri) === doc.version);
    if (!result || (fresh && !current)) {
      result = this.checkFor(file, this.buffers())?.result;
      current = true;
    }
    return result ? { result, file, isContract, fresh: current } : undefined;
  }

  /** The client answers from the Docker Engine; a hover never waits long for it. */
  private async liveState(project: string, service: string): Promise<string | null> {
    if (!this.clientKnowsLiveState) return null;
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 400));
    return Promise.race([this.connection.sendRequest(ServiceStateRequest, { project, service }).catch(() => null), timeout]);
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

/** What a document shows when its project could not be checked: at the top, and other projects go on. */
function failureDiagnostic(reason: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Warning,
    code: 'internal-error',
    source: 'compose-mesh',
    message: `Compose Mesh could not check this project (internal error: ${reason}). Other files are still checked; details are in the Compose Mesh output.`,
  };
}
