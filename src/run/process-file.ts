/**
 * One file through the engine: read, migrate, diff, and (with --write) replace atomically.
 * Shared by the CLI's main thread and its worker threads, so it returns plain data.
 */
import { resolve } from 'node:path';
import { unifiedDiff } from '../diff/unified.js';
import { collectObjectFacts, migrate } from '../core/engine.js';
import { engineDiagnostic } from '../core/engine-messages.js';
import type { Rule, EngineOptions, ObjectFacts, TreeFacts } from '../core/rule.js';
import type { Edit, Severity } from '../core/types.js';
import { readSource, type FileIdentity } from '../fs/read-source.js';
import { WriteRefused, writeSourceFile } from '../fs/atomic-write.js';
import { BuildContext, type BuildContextOptions, type HeaderSearchReport } from '../build/build-context.js';

export type FileStatus = 'changed' | 'unchanged' | 'skipped' | 'error';

export interface ReportedItem {
  ruleId: string;
  messageId: string;
  severity: Severity;
  category: 'legacy' | 'note' | 'problem';
  message: string;
  hint: string;
  line: number;
  column: number;
  subject?: string;
  fixable: boolean;
}

export interface FileResult {
  path: string;
  status: FileStatus;
  reason?: string;
  diagnostics: ReportedItem[];
  /** Applied edits in input coordinates, with 1-based line/column of their start. */
  edits: { start: number; end: number; line: number; column: number; text: string }[];
  migrated: string[];
  diff?: string;
  written: boolean;
  /** Project headers the file includes that declare legacy maps (their maps end up in its object). */
  legacyHeaders?: string[];
  /** Headers found by path suffix (inferred -I) or ambiguous, first met while reading this file. */
  headerSearch?: HeaderSearchReport;
  /** Migrated text, only kept when asked for (stdin mode, verify). */
  output?: string;
  input?: string;
}

export interface ProcessOptions extends EngineOptions, BuildContextOptions {
  write: boolean;
  includeDirs: string[];
  rules: Rule[];
  keepText?: boolean;
}

/** Edits (sorted by start, as the engine applies them) with the 1-based line and column of their start, counted in one pass. */
function withLineColumns(text: string, edits: readonly Edit[]): FileResult['edits'] {
  const out: FileResult['edits'] = [];
  let line = 1;
  let lineStart = 0;
  for (const e of edits) {
    if (e.start < lineStart) { line = 1; lineStart = 0; }
    for (let nl = text.indexOf('\n', lineStart); nl >= 0 && nl < e.start; nl = text.indexOf('\n', lineStart)) { line++; lineStart = nl + 1; }
    out.push({ start: e.start, end: e.end, line, column: e.start - lineStart + 1, text: e.text });
  }
  return out;
}

export class FileProcessor {

  /** `context`: one already holding what other runs of the same command read (headers, their facts). */
  constructor(private readonly opts: ProcessOptions, context?: BuildContext) {
    this.context = context ?? new BuildContext(opts);
  }

  /** Each file's include path and command-line macros (-I, compile_commands.json, headers found by suffix). */
  private readonly context: BuildContext;

  /** `identity`: the file as read; the writer replaces only that file (see src/fs/atomic-write.ts). */
  processText(path: string, text: string, displayPath = path, identity?: FileIdentity): FileResult {
    // The engine sees absolute paths: a header's includers name it by the path its include resolves to.
    const abs = resolve(path);
    const r = migrate(text, { path: abs, ...this.context.forFile(path), rules: this.opts.rules, tailCallSection: this.opts.tailCallSection, tree: this.opts.tree, model: this.context.takeModel(abs) });
    const diagnostics: ReportedItem[] = r.diagnostics.map((d) => ({
      ruleId: d.ruleId, messageId: d.messageId, severity: d.severity, category: d.category, message: d.message, hint: d.hint,
      line: d.line, column: d.column, subject: d.subject, fixable: d.fixKey !== undefined && (r.apply?.applied.includes(d.fixKey) ?? false),
    }));
    if (r.apply?.rejected) {
      const d = engineDiagnostic('parseCheckFailed', { start: 0, end: 0, line: 1, column: 1 }, { after: r.apply.rejected.after, before: r.apply.rejected.before });
      diagnostics.push({ ruleId: d.ruleId, messageId: d.messageId, severity: d.severity, category: d.category, message: d.message, hint: d.hint, line: 1, column: 1, fixable: false });
    }
    const applied = new Set(r.apply?.applied ?? []);
    const edits = withLineColumns(text, r.apply?.edits ?? []);
    const result: FileResult = {
      path: displayPath, status: r.changed ? 'changed' : 'unchanged', diagnostics, edits,
      migrated: r.fixes.filter((f) => applied.has(f.key)).flatMap((f) => f.subjects), written: false,
    };
    const headerSearch = this.context.drainHeaderSearch();
    if (headerSearch) result.headerSearch = headerSearch;
    if (r.changed) result.diff = unifiedDiff(displayPath, text, r.apply!.edits);
    if (r.legacyHeaders && r.legacyHeaders.length > 0) result.legacyHeaders = r.legacyHeaders;
    if (this.opts.keepText) { result.output = r.output; result.input = text; }
    // A map the run both changed and reports an error on may not compile: the file is not written.
    const contradicted = result.diagnostics.find((d) => d.severity === 'error' && (d.fixable || (d.subject !== undefined && result.migrated.includes(d.subject))));
    if (r.changed && this.opts.write && contradicted) {
      result.status = 'error';
      result.reason = `not written: map '${contradicted.subject ?? '?'}' was changed but has an error (${contradicted.ruleId}/${contradicted.messageId}); this is a bpf-migrate bug, please report the file`;
    } else if (r.changed && this.opts.write) {
      try {
        writeSourceFile(path, r.output, identity);
        result.written = true;
      } catch (e) {
        result.status = 'error';
        result.reason = `cannot write: ${e instanceof WriteRefused ? e.message : (e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
      }
    }
    return result;
  }

  /** What the rules must know of this object (a `.c` file) before a run over a tree; undefined when it shares nothing. */
  objectFacts(path: string): { object: ObjectFacts; legacyHeaders: string[] } | undefined {
    const read = readSource(path);
    if (!read.ok) return undefined;
    try {
      const abs = resolve(path);
      const r = collectObjectFacts(read.text, { path: abs, ...this.context.forFile(path), rules: this.opts.rules, tailCallSection: this.opts.tailCallSection });
      if (r) this.context.keepModel(abs, r.file);
      return r?.facts && { object: { path: abs, facts: r.facts }, legacyHeaders: r.legacyHeaders };
    } catch {
      // Its own run reports the problem.
      return undefined;
    }
  }

  /** The maps a header's own analysis migrates, given the facts of the objects that include it. */
  migratedMaps(path: string, tree: TreeFacts): string[] {
    const read = readSource(path);
    if (!read.ok) return [];
    try {
      const r = migrate(read.text, { path: resolve(path), ...this.context.forFile(path), rules: this.opts.rules, tailCallSection: this.opts.tailCallSection, tree });
      const applied = new Set(r.apply?.applied ?? []);
      return r.fixes.filter((f) => applied.has(f.key)).flatMap((f) => f.subjects);
    } catch {
      return [];
    }
  }

  processPath(path: string): FileResult {
    const read = readSource(path);
    if (!read.ok) return { path, status: read.kind === 'skip' ? 'skipped' : 'error', reason: read.reason, diagnostics: [], edits: [], migrated: [], written: false };
    try {
      return this.processText(path, read.text, path, read.identity);
    } catch (e) {
      return { path, status: 'error', reason: `internal error: ${(e as Error).stack ?? e}`, diagnostics: [], edits: [], migrated: [], written: false };
    }
  }
}
