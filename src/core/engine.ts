/**
 * The engine: builds the file model once, runs the rules, turns plans into fixes, and
 * applies fixes with a parse check. No file system, no process: callers pass text and a
 * SourceProvider for headers.
 */
import type { Diagnostic, Edit, Fix } from './types.js';
import { buildFileModel, type FileModel, type FileOptions } from './file.js';
import { mentionsLegacy, scan } from './scan.js';
import { renderPlan } from './render.js';
import { parseC, countSyntaxErrors } from './parser.js';
import { maskKnownMacros, maskRanges } from './mask.js';
import type { EngineOptions, MapPlan, ReportedDiagnostic, ReportInput, Rule, RuleContext } from './rule.js';

export interface AnalyzeOptions extends FileOptions, EngineOptions {
  rules: Rule[];
}

export interface Analysis {
  diagnostics: ReportedDiagnostic[];
  fixes: Fix[];
  /** Undefined when the file was skipped by the cheap pre-filter. */
  file?: FileModel;
}

function fill(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => String(data[k] ?? `{{${k}}}`));
}

/** Rule ids reachable from `selected` through `requires`. */
export function withRequirements(selected: Rule[], all: Rule[]): Rule[] {
  const byId = new Map(all.map((r) => [r.meta.id, r]));
  const ids = new Set<string>();
  const add = (r: Rule) => {
    if (ids.has(r.meta.id)) return;
    ids.add(r.meta.id);
    for (const dep of r.requires ?? []) { const d = byId.get(dep); if (d) add(d); }
  };
  selected.forEach(add);
  return all.filter((r) => ids.has(r.meta.id));
}

export function analyze(text: string, opts: AnalyzeOptions): Analysis {
  if (!mentionsLegacy(text)) return { diagnostics: [], fixes: [] };
  const file = buildFileModel(text, opts);
  const diagnostics: ReportedDiagnostic[] = [];
  const plans: MapPlan[] = [];
  let current: Rule | undefined;

  const report = (rule: Rule, input: ReportInput): ReportedDiagnostic => {
    const template = rule.meta.messages[input.messageId];
    if (template === undefined) throw new Error(`rule ${rule.meta.id} has no message ${input.messageId}`);
    const d: ReportedDiagnostic = {
      ruleId: rule.meta.id,
      messageId: input.messageId,
      severity: input.severity,
      category: input.category,
      message: fill(template, input.data),
      hint: fill(rule.meta.hints?.[input.messageId] ?? '', input.data),
      start: input.start,
      end: input.end,
      line: file.lineAt(input.start),
      column: file.columnAt(input.start),
      subject: input.subject ?? input.plan?.map.name,
      plan: input.plan,
    };
    diagnostics.push(d);
    return d;
  };

  const ctx: RuleContext = {
    file,
    options: opts,
    plans,
    enabled: new Set(opts.rules.map((r) => r.meta.id)),
    planFor: (name) => plans.find((p) => p.map.name === name) ?? plans.find((p) => p.map.symbol === name),
    report: (input) => report(current!, input),
    block: (plan, input) => {
      plan.blocked = true;
      report(current!, { ...input, plan, category: 'problem' });
    },
  };

  for (const rule of opts.rules) {
    current = rule;
    rule.run?.(ctx);
  }
  // A field no enabled rule took care of cannot be migrated exactly.
  for (const plan of plans) {
    if (plan.blocked) continue;
    const missing = plan.map.fields.find((f) => !plan.members.has(f))
      ?? (plan.map.isStatic && !plan.dropStatic ? { spelling: 'static', start: plan.map.start, end: plan.map.headEnd, value: 'static' } : undefined);
    if (!missing) continue;
    current = opts.rules.find((r) => r.meta.messages.unhandledField) ?? opts.rules[0];
    ctx.block(plan, {
      messageId: 'unhandledField', severity: 'error', start: missing.start, end: missing.end,
      data: { field: missing.spelling, name: plan.map.name, value: missing.value },
    });
  }
  // A blocked map blocks every map that must change with it, and says why.
  for (const p of plans) {
    if (p.blocked) continue;
    const others = plans.filter((q) => q !== p && q.blocked && q.group === p.group);
    if (others.length === 0) continue;
    current = opts.rules.find((r) => r.meta.id === (p.map.kind === 'elf' ? 'legacy-elf-map' : 'legacy-map-def')) ?? opts.rules[0];
    ctx.block(p, { messageId: 'groupBlocked', severity: 'error', start: p.map.start, end: p.map.headEnd, data: { name: p.map.name, others: others.map((q) => `'${q.map.name}'`).join(', ') } });
  }
  for (const rule of opts.rules) {
    current = rule;
    rule.finish?.(ctx);
  }

  const fixes: Fix[] = [];
  const groups = new Map<string, MapPlan[]>();
  for (const p of plans) {
    if (p.blocked) continue;
    const g = groups.get(p.group) ?? [];
    g.push(p);
    groups.set(p.group, g);
  }
  for (const [key, members] of groups) {
    const edits = members.flatMap((p) => renderPlan(p, file));
    const names = members.map((p) => p.map.name);
    fixes.push({ key, title: `Migrate ${names.map((n) => `'${n}'`).join(', ')} to a BTF-defined map`, subjects: names, edits: dedupe(edits) });
  }
  for (const d of diagnostics) {
    if (d.plan && !d.plan.blocked && d.category !== 'problem') d.fixKey = d.plan.group;
  }
  diagnostics.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  return { diagnostics, fixes, file };
}

function sameEdit(a: Edit, b: Edit): boolean {
  return a.start === b.start && a.end === b.end && a.text === b.text;
}

function dedupe(edits: Edit[]): Edit[] {
  const out: Edit[] = [];
  for (const e of edits) if (!out.some((o) => sameEdit(o, e))) out.push(e);
  return out;
}

function overlaps(a: Edit, b: Edit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  if (a.start === a.end) return a.start > b.start && a.start < b.end;
  if (b.start === b.end) return b.start > a.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

export interface ApplyResult {
  output: string;
  applied: string[];
  /** Fixes left out because their edits overlapped an earlier fix. */
  conflicting: string[];
  /** Set when the output parsed worse than the input: nothing was applied. */
  rejected?: { before: number; after: number };
}

/** Applies the non-overlapping fixes, in order, then checks that the touched statements parse no worse. */
export function applyFixes(text: string, fixes: Fix[]): ApplyResult {
  const accepted: Edit[] = [];
  const applied: string[] = [];
  const conflicting: string[] = [];
  for (const fix of fixes) {
    const fresh = fix.edits.filter((e) => !accepted.some((a) => sameEdit(a, e)));
    if (fresh.some((e) => accepted.some((a) => overlaps(a, e)))) { conflicting.push(fix.key); continue; }
    accepted.push(...fresh);
    applied.push(fix.key);
  }
  if (accepted.length === 0) return { output: text, applied, conflicting };
  // Insertions before replacements at the same offset, so inserted text lands in front.
  const ordered = [...accepted].sort((a, b) => a.start - b.start || (a.end - a.start) - (b.end - b.start));
  let output = '';
  let at = 0;
  const outRanges: [number, number][] = [];
  for (const e of ordered) {
    output += text.slice(at, e.start);
    outRanges.push([output.length, output.length + e.text.length]);
    output += e.text;
    at = e.end;
  }
  output += text.slice(at);
  const before = touchedErrors(text, ordered.map((e) => [e.start, e.end]));
  const after = touchedErrors(output, outRanges);
  if (after > before) return { output: text, applied: [], conflicting, rejected: { before, after } };
  return { output, applied, conflicting };
}

/**
 * Syntax errors as the engine measures them: each top-level statement parsed on its own, with
 * preprocessor lines and the BTF/section macros blanked. Counting over the whole file instead
 * lets tree-sitter's error recovery carry one broken statement's errors into its neighbours.
 */
export function statementSyntaxErrors(text: string): number {
  return touchedErrors(text, [[0, text.length]]);
}

/** Syntax errors in the top-level statements that overlap the given ranges, each parsed on its own. */
function touchedErrors(text: string, ranges: [number, number][]): number {
  const s = scan(text);
  let errors = 0;
  for (const st of s.statements) {
    if (!ranges.some(([a, b]) => a <= st.end && b >= st.boundary)) continue;
    const directives = s.directives.filter((d) => d.start >= st.boundary && d.start < st.end).map((d) => [d.start, d.end] as [number, number]);
    const body = maskKnownMacros(maskRanges(text, st.boundary, st.end, directives));
    errors += countSyntaxErrors(parseC(body).rootNode);
  }
  return errors;
}

export interface MigrateResult extends Analysis {
  output: string;
  changed: boolean;
  apply?: ApplyResult;
}

/** Analyzes and applies every fix: what the CLI does for one file. */
export function migrate(text: string, opts: AnalyzeOptions): MigrateResult {
  const analysis = analyze(text, opts);
  if (analysis.fixes.length === 0) return { ...analysis, output: text, changed: false };
  const apply = applyFixes(text, analysis.fixes);
  return { ...analysis, output: apply.output, changed: apply.output !== text, apply };
}

export type { Diagnostic };
