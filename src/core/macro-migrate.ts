/**
 * Migrating maps declared through macros: each call is written out, the file is migrated, and
 * the result is restated against the file as given. A call whose written-out map is not
 * migrated stays as it is, with the reason.
 */
import { applyEdits, editOrder } from './edits.js';
import type { MigrateResult } from './engine.js';
import type { FileModel } from './file.js';
import type { MacroMapUse } from './macro-maps.js';
import type { ReportedDiagnostic } from './rule.js';
import { engineDiagnostic } from './engine-messages.js';
import type { Edit } from './types.js';

export function migrateMacroMaps(
  text: string, file: FileModel, first: () => MigrateResult, uses: MacroMapUse[],
  run: (text: string) => MigrateResult,
  notMigrated: (use: MacroMapUse, detail: string, hint?: string) => ReportedDiagnostic,
): MigrateResult {
  const failed: ReportedDiagnostic[] = [];
  let tried = uses;
  // A macro map that cannot be migrated once written out stays a macro call: try again without it.
  for (let attempt = 0; attempt < 2 && tried.length > 0; attempt++) {
    const expansion: Edit[] = tried.map((u) => ({ start: u.start, end: u.end, text: u.expansion! }));
    const expanded = applyEdits(text, expansion);
    const r = run(expanded);
    const applied = new Set(r.apply?.applied ?? []);
    const migrated = new Set(r.fixes.filter((f) => applied.has(f.key)).flatMap((f) => f.subjects));
    let stuck = r.apply?.rejected ? tried : tried.filter((u) => !u.names.every((n) => migrated.has(n)));
    // Uses that read __COUNTER__ stand or fall together: one left as a call would count again, and get other values.
    if (stuck.some((u) => u.counts)) stuck = tried.filter((u) => stuck.includes(u) || u.counts);
    if (stuck.length === 0) {
      const composed = composeExpansion(text, expansion, expanded, r, file);
      if (composed) {
        const notes = tried.map((u) => writtenOutNote(u, file));
        return { ...composed, diagnostics: [...composed.diagnostics, ...notes, ...failed].sort((a, b) => a.start - b.start) };
      }
      break;
    }
    for (const u of stuck) {
      const at = expansion[tried.indexOf(u)];
      const shift = expansion.filter((e) => e.start < at.start).reduce((n, e) => n + e.text.length - (e.end - e.start), 0);
      // The map's own problems: inside the written-out text, or about it (a program that claims its slot).
      const reasons = r.diagnostics.filter((d) => d.severity === 'error' && d.category === 'problem'
        && ((d.start >= at.start + shift && d.start < at.start + shift + at.text.length) || (d.subject !== undefined && u.names.includes(d.subject))));
      const parse = r.apply?.rejected ? `the migrated text parses worse than the original (${r.apply.rejected.after} syntax errors instead of ${r.apply.rejected.before}).` : '';
      failed.push(notMigrated(u, reasons.map((d) => d.message).join(' ') || parse || 'it must change together with a map that is not migrated.', reasons.find((d) => d.hint)?.hint));
    }
    tried = tried.filter((u) => !stuck.includes(u));
  }
  const given = first();
  return { ...given, diagnostics: [...given.diagnostics, ...failed].sort((a, b) => a.start - b.start) };
}

/**
 * Restates a migration of the expanded text against the original: each written-out macro call,
 * with every edit that reaches into it, becomes one edit of the call; other edits and the
 * diagnostics move by the length the expansions added before them. Undefined if the restated
 * edits do not give the same output (they always should).
 */
export function composeExpansion(text: string, expansion: Edit[], expanded: string, r: MigrateResult, file: FileModel): MigrateResult | undefined {
  const regions: { s0: number; e0: number; s1: number; e1: number }[] = [];
  let delta = 0;
  for (const e of expansion) {
    regions.push({ s0: e.start, e0: e.end, s1: e.start + delta, e1: e.start + delta + e.text.length });
    delta += e.text.length - (e.end - e.start);
  }
  /** An offset of the expanded text in the original: inside a region, the call's start (or end, for an end). */
  const toOriginal = (o: number, isEnd: boolean): number => {
    let shift = 0;
    for (const g of regions) {
      if (o < g.s1) break;
      if (o === g.s1) return g.s0;
      if (o === g.e1) return g.e0;
      if (o < g.e1) return isEnd ? g.e0 : g.s0;
      shift = g.e1 - g.e0;
    }
    return o - shift;
  };
  const edits1 = r.apply?.edits ?? [];
  const reaches = (e: Edit, g: { s1: number; e1: number }) => (e.start < g.e1 && e.end > g.s1) || (e.start > g.s1 && e.start < g.e1);
  const out: Edit[] = [];
  const taken = new Set<Edit>();
  for (const g of regions) {
    // The region, grown by every edit that reaches into it (insertions at its edges stay outside).
    let a = g.s1;
    let b = g.e1;
    const inside: Edit[] = [];
    for (let grown = true; grown;) {
      grown = false;
      for (const e of edits1) {
        if (taken.has(e) || !reaches(e, { s1: a, e1: b })) continue;
        taken.add(e);
        inside.push(e);
        a = Math.min(a, e.start);
        b = Math.max(b, e.end);
        grown = true;
      }
    }
    const local = inside.sort(editOrder).map((x) => ({ start: x.start - a, end: x.end - a, text: x.text }));
    out.push({ start: toOriginal(a, false), end: toOriginal(b, true), text: applyEdits(expanded.slice(a, b), local) });
  }
  for (const e of edits1) {
    if (!taken.has(e)) out.push({ start: toOriginal(e.start, false), end: toOriginal(e.end, e.end > e.start), text: e.text });
  }
  out.sort(editOrder);
  if (applyEdits(text, out) !== r.output) return undefined;
  const diagnostics = r.diagnostics.map((d) => {
    const start = toOriginal(d.start, false);
    return { ...d, start, end: Math.max(start, toOriginal(d.end, true)), line: file.lineAt(start), column: file.columnAt(start) };
  });
  return { ...r, diagnostics, file, apply: r.apply && { ...r.apply, edits: out } };
}

/**
 * What the user is told about a use written out: the maps now stand at the use site, and the
 * macro is left defined (other files, or code the run did not see, may still use it).
 */
function writtenOutNote(use: MacroMapUse, file: FileModel): ReportedDiagnostic {
  const at = { start: use.start, end: use.end, line: file.lineAt(use.start), column: file.columnAt(use.start), subject: use.name };
  return engineDiagnostic('macroMapWrittenOut', at, { names: use.names.map((n) => `'${n}'`).join(', '), macro: use.macro }, 'info', 'note');
}
