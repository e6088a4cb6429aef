import {
  CodeActionKind,
  CompletionItemKind,
  DocumentHighlightKind,
  InsertTextFormat,
  MarkupKind,
  ResponseError,
  SymbolKind,
  type CodeAction,
  type Connection,
  type TextDocuments,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from './engine/diagnostic';
import { quickFixes, type Edit } from './engine/language/actions';
import { complete, type CompletionEntry } from './engine/language/completion';
import { hover } from './engine/language/hover';
import { formatCompose, type LineEdit } from './engine/language/format';
import { documentLinks, foldingRanges, outline, type OutlineEntry } from './engine/language/outline';
import { collectSymbols, occurrenceAt, sameSymbol, type Occurrence } from './engine/language/symbols';
import type { SourceFile } from './engine/text';
import type { ValidationResult } from './engine/validate';
import { URI } from './uri';

/** A project as the language features see it. */
export interface Analysis {
  result: ValidationResult;
  file: string;
  isContract: boolean;
  /** True when the project was checked with the document's current text (offsets are exact). */
  fresh: boolean;
}

const symbolCache = new WeakMap<ValidationResult, Occurrence[]>();
function symbolsOf(a: Analysis): Occurrence[] {
  let s = symbolCache.get(a.result);
  if (!s) symbolCache.set(a.result, (s = collectSymbols(a.result.project, a.result.contract)));
  return s;
}

const NAME = /^[a-zA-Z0-9._-]+$/;

const COMPLETION_KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  key: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  reference: CompletionItemKind.Reference,
  snippet: CompletionItemKind.Snippet,
};

const OUTLINE_KIND: Record<OutlineEntry['kind'], SymbolKind> = {
  section: SymbolKind.Namespace,
  service: SymbolKind.Class,
  network: SymbolKind.Interface,
  volume: SymbolKind.Struct,
  secret: SymbolKind.Key,
  config: SymbolKind.File,
  model: SymbolKind.Object,
  extension: SymbolKind.Property,
  key: SymbolKind.Property,
};

/** What the features ask of the server. */
export interface FeatureSource {
  analysis(uri: string, fresh: boolean): Analysis | undefined;
  /** Asks the client for a service's live state; resolves to null when it does not answer in time. */
  liveState(project: string, service: string): Promise<string | null>;
  /** False while another extension's completion, hover and links are wanted instead of ours. */
  editorFeaturesOn(): boolean;
}

/**
 * Completion, hover, navigation, rename, quick fixes, outline, folding, links and formatting, all
 * computed by the engine's language module; this file only translates offsets and shapes for LSP.
 */
export function registerFeatures(connection: Connection, documents: TextDocuments<TextDocument>, server: FeatureSource): void {
  const { liveState } = server;
  // A project that cannot be analysed leaves the features without a model, never without an answer.
  const analysis = (uri: string, fresh: boolean): Analysis | undefined => {
    try {
      return server.analysis(uri, fresh);
    } catch (err) {
      connection.console.error(`Analysis of ${uri} failed: ${(err as Error).stack ?? err}`);
      return undefined;
    }
  };
  const range = (file: SourceFile, start: number, end: number) => file.rangeOf(start, end);
  const sourceOf = (a: Analysis) => a.result.project.files.find((f) => f.path === a.file) ?? a.result.contract?.root.file;
  const editsByUri = (edits: Edit[]): WorkspaceEdit => {
    const changes: Record<string, TextEdit[]> = {};
    for (const e of edits) (changes[URI.fromPath(e.file.path)] ??= []).push({ range: range(e.file, e.start, e.end), newText: e.newText });
    return { changes };
  };

  connection.onCompletion(({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc || !server.editorFeaturesOn()) return [];
    const a = analysis(textDocument.uri, false);
    const entries = complete(doc.getText(), doc.offsetAt(position), {
      project: a?.result.project,
      contract: a?.result.contract,
      isContract: a?.isContract ?? false,
    });
    return entries.map((e, i) => ({
      label: e.label,
      kind: COMPLETION_KIND[e.kind],
      detail: e.detail,
      documentation: e.documentation ? { kind: MarkupKind.Markdown, value: e.documentation } : undefined,
      insertTextFormat: e.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      textEdit: { range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.insertText },
      // References first, then keys and values, in the engine's order.
      sortText: `${e.kind === 'reference' ? 0 : 1}${String(i).padStart(4, '0')}`,
    }));
  });

  connection.onHover(async ({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc || !server.editorFeaturesOn()) return null;
    const a = analysis(textDocument.uri, false);
    const file = URI.toPath(textDocument.uri);
    const h = hover(doc.getText(), doc.offsetAt(position), {
      project: a?.result.project,
      contract: a?.result.contract,
      isContract: a?.isContract ?? false,
      symbols: a?.fresh ? symbolsOf(a) : undefined,
      file,
    });
    if (!h) return null;
    let markdown = h.markdown;
    if (h.service && a) {
      const state = await liveState(a.result.project.name, h.service);
      if (state) markdown += `  \nlive: ${state}`;
    }
    return { contents: { kind: MarkupKind.Markdown, value: markdown }, range: { start: doc.positionAt(h.start), end: doc.positionAt(h.end) } };
  });

  /** The symbol under the cursor and all its occurrences, from a fresh analysis. */
  const symbolAt = (uri: string, position: { line: number; character: number }) => {
    const doc = documents.get(uri);
    const a = analysis(uri, true);
    if (!doc || !a) return undefined;
    const all = symbolsOf(a);
    const here = occurrenceAt(all, a.file, doc.offsetAt(position));
    return here ? { here, all: all.filter((o) => sameSymbol(o, here)) } : undefined;
  };
  const location = (o: Occurrence) => ({ uri: URI.fromPath(o.file.path), range: range(o.file, o.start, o.end) });

  connection.onDefinition(
    ({ textDocument, position }) =>
      symbolAt(textDocument.uri, position)
        ?.all.filter((o) => o.role === 'definition')
        .map(location) ?? null,
  );

  connection.onReferences(
    ({ textDocument, position, context }) =>
      symbolAt(textDocument.uri, position)
        ?.all.filter((o) => context.includeDeclaration || o.role === 'reference')
        .map(location) ?? [],
  );

  connection.onDocumentHighlight(({ textDocument, position }) => {
    const file = URI.toPath(textDocument.uri);
    return (
      symbolAt(textDocument.uri, position)
        ?.all.filter((o) => o.file.path === file)
        .map((o) => ({ range: range(o.file, o.start, o.end), kind: o.role === 'definition' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read })) ?? []
    );
  });

  connection.onPrepareRename(({ textDocument, position }) => {
    const s = symbolAt(textDocument.uri, position);
    return s ? { range: range(s.here.file, s.here.start, s.here.end), placeholder: s.here.name } : null;
  });

  connection.onRenameRequest(({ textDocument, position, newName }) => {
    const s = symbolAt(textDocument.uri, position);
    if (!s) return null;
    if (!NAME.test(newName)) throw new ResponseError(1, `"${newName}" is not a valid ${s.here.kind} name: use letters, digits, ".", "_" and "-".`);
    return editsByUri(s.all.map((o) => ({ file: o.file, start: o.start, end: o.end, newText: newName })));
  });

  connection.onCodeAction(({ textDocument, context }) => {
    // The editor asks at every cursor move: with no diagnostic there, nothing is fixed, and no fresh check is worth its time.
    if (context.diagnostics.length === 0) return [];
    const a = analysis(textDocument.uri, true);
    if (!a) return [];
    // The findings behind the diagnostics the editor sent (same rule, same range).
    const findings: Finding[] = [];
    for (const d of context.diagnostics) {
      const f = a.result.findings.find((x) => x.ruleId === d.code && x.file.path === a.file && sameRange(x.file.rangeOf(x.start, x.end), d.range));
      if (f) findings.push(f);
    }
    return quickFixes(a.result.project, a.result.contract, findings).map((fix): CodeAction => ({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      isPreferred: fix.preferred,
      diagnostics: fix.finding ? context.diagnostics.filter((d) => d.code === fix.finding?.ruleId) : undefined,
      edit: editsByUri(fix.edits),
    }));
  });

  connection.onDocumentSymbol(({ textDocument }) => {
    const a = analysis(textDocument.uri, true);
    const source = a && sourceOf(a);
    if (!a || !source) return [];
    const toSymbol = (e: OutlineEntry): import('vscode-languageserver/node').DocumentSymbol => ({
      name: e.name,
      detail: e.detail,
      kind: OUTLINE_KIND[e.kind],
      range: range(source, e.start, e.end),
      selectionRange: range(source, e.selectionStart, e.selectionEnd),
      children: e.children.map(toSymbol),
    });
    return outline(a.result.project.fileRoots.get(source) ?? (a.isContract ? a.result.contract?.root : undefined)).map(toSymbol);
  });

  connection.onFoldingRanges(({ textDocument }) => {
    const a = analysis(textDocument.uri, true);
    const source = a && sourceOf(a);
    if (!a || !source) return [];
    return foldingRanges(a.result.project.fileRoots.get(source) ?? (a.isContract ? a.result.contract?.root : undefined), source);
  });

  connection.onDocumentFormatting(({ textDocument }) => {
    const doc = documents.get(textDocument.uri);
    return doc ? lineEdits(doc, formatCompose(doc.getText())) : [];
  });

  connection.onDocumentRangeFormatting(({ textDocument, range }) => {
    const doc = documents.get(textDocument.uri);
    return doc ? lineEdits(doc, formatCompose(doc.getText(), { from: range.start.line, to: range.end.line })) : [];
  });

  connection.onDocumentLinks(({ textDocument }) => {
    if (!server.editorFeaturesOn()) return [];
    const a = analysis(textDocument.uri, true);
    const source = a && sourceOf(a);
    if (!a || !source || a.isContract) return [];
    return documentLinks(a.result.project, source).map((l) => ({ range: range(source, l.start, l.end), target: l.target, tooltip: l.tooltip }));
  });
}

/** Each changed line replaced up to its end (never its line break). */
function lineEdits(doc: TextDocument, edits: LineEdit[]): TextEdit[] {
  return edits.map((e) => {
    const end = doc.offsetAt({ line: e.line + 1, character: 0 });
    const lineText = doc.getText({ start: { line: e.line, character: 0 }, end: doc.positionAt(end) }).replace(/\r?\n$/, '');
    return { range: { start: { line: e.line, character: 0 }, end: { line: e.line, character: lineText.length } }, newText: e.newText };
  });
}

function sameRange(a: { start: { line: number; character: number }; end: { line: number; character: number } }, b: typeof a): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
