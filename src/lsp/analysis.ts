/**
 * The language server's view of one document: the engine's analysis turned into LSP
 * diagnostics and code actions. Kept free of the connection so it can be tested alone.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionKind, DiagnosticSeverity,
  type CodeAction, type Diagnostic as LspDiagnostic, type Range, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { analyze, applyFixes, type Analysis } from '../core/engine.js';
import type { HeaderCache, SourceProvider } from '../core/headers.js';
import type { ReportedDiagnostic, Rule } from '../core/rule.js';
import type { Edit, Fix, Severity } from '../core/types.js';

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

/** The result of analysing one version of a document. */
export interface DocumentAnalysis {
  uri: string;
  version: number;
  text: string;
  diagnostics: LspDiagnostic[];
  /** Per-map fixes that are valid alone (they pass the engine's parse check), by key. */
  fixes: Map<string, Fix>;
  /** Edits that give the CLI's whole-file result, in LSP order; empty when nothing would change. */
  fixAll: Edit[];
  /** Engine diagnostics, offsets into `text`. */
  reported: ReportedDiagnostic[];
}

/** Root of the installed package (where docs/rules lives), found from this module's location. */
function packageRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'bpf-migrate') return dir;
      } catch { /* keep looking */ }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

const ROOT = packageRoot();

/** file:// URL of a rule's documentation (docs/rules/<id>.md in the installed package). */
export function ruleDocUrl(ruleId: string): string | undefined {
  if (!ROOT || ruleId === 'engine') return undefined;
  return pathToFileURL(join(ROOT, 'docs', 'rules', `${ruleId}.md`)).href;
}

export function lspSeverity(s: Severity): DiagnosticSeverity {
  return s === 'error' ? DiagnosticSeverity.Error : s === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information;
}

function toLspDiagnostic(doc: TextDocument, d: ReportedDiagnostic): LspDiagnostic {
  const start = doc.positionAt(d.start);
  // An empty range is hard to see and to hit with the cursor: widen it to the end of the line.
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

/** Same order as applyFixes: by start, insertions before replacements at one offset, stable otherwise. */
function orderEdits(edits: Edit[]): Edit[] {
  return edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.start - b.e.start || (a.e.end - a.e.start) - (b.e.end - b.e.start) || a.i - b.i)
    .map((x) => x.e);
}

function dedupe(edits: Edit[]): Edit[] {
  const out: Edit[] = [];
  for (const e of edits) if (!out.some((o) => o.start === e.start && o.end === e.end && o.text === e.text)) out.push(e);
  return out;
}

/** Analyses one version of a document. Never throws: an engine failure becomes `error` and no diagnostics. */
export function analyseDocument(doc: TextDocument, path: string | undefined, setup: EngineSetup): DocumentAnalysis {
  const text = doc.getText();
  const base: DocumentAnalysis = { uri: doc.uri, version: doc.version, text, diagnostics: [], fixes: new Map(), fixAll: [], reported: [] };
  const analysis: Analysis = analyze(text, {
    path, provider: setup.provider, headerCache: setup.headerCache, rules: setup.rules, tailCallSection: setup.tailCallSection,
  });
  base.reported = analysis.diagnostics;
  base.diagnostics = analysis.diagnostics.map((d) => toLspDiagnostic(doc, d));
  if (analysis.fixes.length === 0) return base;

  const whole = applyFixes(text, analysis.fixes);
  if (whole.rejected) {
    base.diagnostics.push({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      severity: DiagnosticSeverity.Error, code: 'engine', source: SOURCE,
      message: `The migrated text parses worse than the original (${whole.rejected.after} syntax errors instead of ${whole.rejected.before}); bpf-migrate leaves the file as it is.\nhint: Please report this file: it is a bpf-migrate bug.`,
    });
  } else {
    const applied = new Set(whole.applied);
    base.fixAll = orderEdits(dedupe(analysis.fixes.filter((f) => applied.has(f.key)).flatMap((f) => f.edits)));
  }
  for (const fix of analysis.fixes) {
    // Offered alone only when the fix alone passes the same parse check the CLI applies.
    const alone = applyFixes(text, [fix]);
    if (!alone.rejected && alone.applied.includes(fix.key)) base.fixes.set(fix.key, fix);
  }
  // A diagnostic whose fix cannot be offered is diagnose-only, as in the CLI.
  for (const d of base.diagnostics) {
    const data = d.data as DiagnosticData | undefined;
    if (data?.fixKey !== undefined && !base.fixes.has(data.fixKey)) delete data.fixKey;
  }
  return base;
}

export function toTextEdits(doc: TextDocument, edits: Edit[]): TextEdit[] {
  return orderEdits(edits).map((e) => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.text }));
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
      if (key === undefined || !intersects(d.range, range)) continue;
      const list = byFix.get(key) ?? [];
      list.push(d);
      byFix.set(key, list);
    }
    for (const [key, diagnostics] of byFix) {
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
