/**
 * The language server's view of one document: the engine's analysis turned into LSP
 * diagnostics and code actions. Kept free of the connection so it can be tested alone.
 */
import { ruleDocPath } from '../fs/rule-docs.js';
import { engineDiagnostic } from '../core/engine-messages.js';
import { pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionKind, DiagnosticSeverity,
  type CodeAction, type Diagnostic as LspDiagnostic, type Range, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { applyFixes, editOrder, macroMapFixes, migrate, type Analysis } from '../core/engine.js';
import type { HeaderCache, SourceProvider } from '../core/headers.js';
import type { ReportedDiagnostic, Rule } from '../core/rule.js';
import type { Diagnostic, Edit, Fix, Severity } from '../core/types.js';

export const SOURCE = 'bpf-migrate';
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.bpf-migrate`;

/** Data carried by each diagnostic, so a client can hand it back in a code action request. */
export interface DiagnosticData {
  fixKey?: string;
  messageId: string;
  subject?: string;
}

export interface EngineSetup {
  rules: Rule[];
  provider: SourceProvider;
  headerCache: HeaderCache;
  tailCallSection?: string;
}



/** file:// URL of a rule's documentation (rules/<id>/README.md in the installed package). */
export function ruleDocUrl(ruleId: string): string | undefined {
  return ruleId === 'engine' ? undefined : pathToFileURL(ruleDocPath(ruleId)).href;
}

export function lspSeverity(s: Severity): DiagnosticSeverity {
  return s === 'error' ? DiagnosticSeverity.Error : s === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information;
}

function toLspDiagnostic(doc: TextDocument, d: ReportedDiagnostic | Diagnostic): LspDiagnostic {
  const start = doc.positionAt(d.start);
  // An empty range is hard to see and to hit with the cursor: make it one character wide.
  let end = doc.positionAt(Math.max(d.end, d.start));
  if (end.line === start.line && end.character === start.character) end = { line: start.line, character: start.character + 1 };
  const href = ruleDocUrl(d.ruleId);
  const data: DiagnosticData = { messageId: d.messageId, ...(d.fixKey !== undefined ? { fixKey: d.fixKey } : {}), ...(d.subject ? { subject: d.subject } : {}) };
  return {
    range: { start, end },
    severity: lspSeverity(d.severity),
    code: d.ruleId,
    ...(href ? { codeDescription: { href } } : {}),
    source: SOURCE,
    message: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message,
    data,
  };
}

/** What the engine says about one text: plain data, so it can cross a worker boundary. */
export interface EngineResult {
  diagnostics: Diagnostic[];
  fixes: Fix[];
  /** Keys of the fixes the CLI's whole-file run applies. */
  applied: string[];
  /** That run's edits, deduplicated and in order. */
  wholeEdits: Edit[];
  /** Set when the whole-file result parses worse than the input (the CLI then changes nothing). */
  rejected?: { before: number; after: number };
  /** Attribute macros the migrated maps keep, for the parse check of a fix applied alone. */
  attributeMacros: string[];
}

/**
 * Runs the engine as the CLI does for one file: the whole-file result is the CLI's (every pass),
 * the diagnostics and per-map fixes those of the text as it is.
 */
export function runEngine(text: string, path: string | undefined, setup: EngineSetup): EngineResult {
  const opts = { path, provider: setup.provider, headerCache: setup.headerCache, rules: setup.rules, tailCallSection: setup.tailCallSection };
  const r = migrate(text, opts);
  const analysis: Analysis = r.original ?? r;
  // Maps declared through a macro get a fix of their own: the call written out and migrated.
  const macroFixes = analysis.file ? macroMapFixes(text, opts, analysis.file) : [];
  const diagnostics = analysis.diagnostics.map(({ plan: _plan, ...d }) => {
    const key = d.messageId === 'declaredByMacro' ? `macro:${d.start}` : undefined;
    return key && macroFixes.some((f) => f.key === key) ? { ...d, fixKey: key } : d;
  });
  const fixes = [...analysis.fixes, ...macroFixes];
  const attributeMacros = [...(analysis.attributeMacros ?? [])];
  if (!r.apply) return { diagnostics, fixes, applied: [], wholeEdits: [], attributeMacros };
  const whole = r.apply;
  return { diagnostics, fixes, applied: whole.applied, wholeEdits: whole.edits, attributeMacros, ...(whole.rejected ? { rejected: whole.rejected } : {}) };
}

/** The result of analysing one version of a document. */
export interface DocumentAnalysis {
  uri: string;
  version: number;
  text: string;
  diagnostics: LspDiagnostic[];
  /** Per-map fixes by key. */
  fixes: Map<string, Fix>;
  /** Whether a fix applied alone passes the engine's parse check (filled in on demand). */
  valid: Map<string, boolean>;
  /** Edits that give the CLI's whole-file result, in LSP order; empty when nothing would change. */
  fixAll: Edit[];
  attributeMacros: ReadonlySet<string>;
}

export function emptyAnalysis(doc: TextDocument): DocumentAnalysis {
  return { uri: doc.uri, version: doc.version, text: doc.getText(), diagnostics: [], fixes: new Map(), valid: new Map(), fixAll: [], attributeMacros: new Set() };
}

/** Turns an engine result for the document's current text into LSP terms. */
export function toDocumentAnalysis(doc: TextDocument, r: EngineResult): DocumentAnalysis {
  const a = emptyAnalysis(doc);
  a.diagnostics = r.diagnostics.map((d) => toLspDiagnostic(doc, d));
  for (const f of r.fixes) a.fixes.set(f.key, f);
  a.attributeMacros = new Set(r.attributeMacros);
  if (r.rejected) {
    const d = engineDiagnostic('parseCheckFailed', { start: 0, end: 1, line: 1, column: 1 }, { after: r.rejected.after, before: r.rejected.before });
    a.diagnostics.push({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      severity: DiagnosticSeverity.Error, code: d.ruleId, source: SOURCE,
      message: `${d.message}\nhint: ${d.hint}`,
    });
  } else {
    a.fixAll = r.wholeEdits;
  }
  return a;
}

/** A fix is offered alone only when, alone, it passes the same parse check the CLI applies. */
function validAlone(a: DocumentAnalysis, key: string): boolean {
  let ok = a.valid.get(key);
  if (ok === undefined) {
    const fix = a.fixes.get(key);
    const r = fix ? applyFixes(a.text, [fix], undefined, undefined, a.attributeMacros) : undefined;
    ok = !!r && !r.rejected && r.applied.includes(key);
    a.valid.set(key, ok);
  }
  return ok;
}

export function toTextEdits(doc: TextDocument, edits: Edit[]): TextEdit[] {
  // Same order as applyFixes (the sort is stable): insertions at one offset keep their order.
  return [...edits].sort(editOrder).map((e) => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.text }));
}

function workspaceEdit(doc: TextDocument, edits: Edit[], documentChanges: boolean): WorkspaceEdit {
  const textEdits = toTextEdits(doc, edits);
  if (documentChanges) return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: textEdits }] };
  return { changes: { [doc.uri]: textEdits } };
}

function intersects(a: Range, b: Range): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function wants(only: string[] | undefined, kind: string): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

/** Code actions for a range: one quickfix per fixable map touched there, and the whole-file fix. */
export function codeActions(
  doc: TextDocument, a: DocumentAnalysis, range: Range, only: string[] | undefined, documentChanges: boolean,
): CodeAction[] {
  const actions: CodeAction[] = [];
  if (wants(only, CodeActionKind.QuickFix)) {
    const byFix = new Map<string, LspDiagnostic[]>();
    for (const d of a.diagnostics) {
      const key = (d.data as DiagnosticData | undefined)?.fixKey;
      if (key === undefined || !a.fixes.has(key) || !intersects(d.range, range)) continue;
      const list = byFix.get(key) ?? [];
      list.push(d);
      byFix.set(key, list);
    }
    for (const [key, diagnostics] of byFix) {
      if (!validAlone(a, key)) continue;
      const fix = a.fixes.get(key)!;
      actions.push({
        title: `${fix.title} (bpf-migrate)`,
        kind: CodeActionKind.QuickFix,
        diagnostics,
        isPreferred: true,
        edit: workspaceEdit(doc, fix.edits, documentChanges),
      });
    }
  }
  if (a.fixAll.length > 0 && wants(only, FIX_ALL_KIND)) {
    actions.push({
      title: 'Migrate all legacy maps in this file (bpf-migrate)',
      kind: FIX_ALL_KIND,
      diagnostics: a.diagnostics.filter((d) => (d.data as DiagnosticData | undefined)?.fixKey !== undefined),
      edit: workspaceEdit(doc, a.fixAll, documentChanges),
    });
  }
  return actions;
}
