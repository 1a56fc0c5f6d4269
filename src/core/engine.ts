/**
 * The engine: builds the file model once, runs the rules, turns plans into fixes, and
 * applies fixes with a parse check. No file system, no process: callers pass text and a
 * SourceProvider for headers.
 */
import type { Diagnostic, Edit, Fix } from './types.js';
import { buildFileModel, type FileModel, type FileOptions } from './file.js';
import { HeaderCache, headerFacts, type HeaderFacts, type HeaderLook } from './headers.js';
import { mentionsLegacy, namesRawTailSection, scan, type ScanResult, type TopStatement } from './scan.js';
import { mayWireTailCalls } from './programs.js';
import { renderPlan } from './render.js';
import { parseC, countSyntaxErrors, allParseClean } from './parser.js';
import { maskKnownMacros, maskRanges } from './mask.js';
import type { MacroMapUse } from './macro-maps.js';
import { composeExpansion, migrateMacroMaps } from './macro-migrate.js';
import { remainingMapDiagnostics } from './remaining-maps.js';
import { ENGINE_META, engineDiagnostic } from './engine-messages.js';

/** The engine reports through the same path as a rule, under its own id and catalogue. */
const ENGINE: Rule = { meta: ENGINE_META };
import { applyEdits, editOrder, editsBetween } from './edits.js';
import { blocked, type EngineOptions, type MapFix, type MapPlan, type ReportedDiagnostic, type ReportInput, type Rule, type RuleContext } from './rule.js';

export interface AnalyzeOptions extends FileOptions, EngineOptions {
  rules: Rule[];
  /** A model already built with the same options (the tree pre-pass's): used when it is of this very text. */
  model?: FileModel;
}

export interface Analysis {
  diagnostics: ReportedDiagnostic[];
  fixes: Fix[];
  /** Attribute macros the migrated maps keep (`__used`): the parse check reads them as attributes. */
  attributeMacros?: ReadonlySet<string>;
  /** Paths of the project headers the file includes that declare legacy maps: they end up in its object. */
  legacyHeaders?: string[];
  /** Undefined when the file was skipped by the cheap pre-filter. */
  file?: FileModel;
}

function fill(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => String(data[k] ?? `{{${k}}}`));
}

/**
 * The rules a selection runs: the selected ones and what they build on (`requires`, followed
 * through), and every rule that builds on a map-reading rule among those: a map is migrated
 * only with a translation of each of its fields, which those rules give.
 */
export function withRequirements(selected: Rule[], all: Rule[]): Rule[] {
  const byId = new Map(all.map((r) => [r.meta.id, r]));
  const ids = new Set<string>();
  const add = (r: Rule) => {
    if (ids.has(r.meta.id)) return;
    ids.add(r.meta.id);
    for (const dep of r.requires ?? []) { const d = byId.get(dep); if (d) add(d); }
  };
  selected.forEach(add);
  const readers = new Set([...ids].filter((id) => byId.get(id)?.meta.readsMaps));
  for (const r of all) if (r.requires?.some((dep) => readers.has(dep))) ids.add(r.meta.id);
  return all.filter((r) => ids.has(r.meta.id));
}

/** The `#include` lines of a text, found without a regular expression over every line (this runs on every file). */
function includeLines(text: string): { spec: string; angled: boolean }[] {
  const out: { spec: string; angled: boolean }[] = [];
  for (let at = text.indexOf('include'); at >= 0; at = text.indexOf('include', at + 7)) {
    let h = at - 1;
    while (h >= 0 && (text[h] === ' ' || text[h] === '\t')) h--;
    if (text[h] !== '#') continue;
    let l = h - 1;
    while (l >= 0 && (text[l] === ' ' || text[l] === '\t')) l--;
    if (l >= 0 && text[l] !== '\n' && text.charCodeAt(l) !== 0xfeff) continue;
    let q = at + 7;
    while (text[q] === ' ' || text[q] === '\t') q++;
    const close = text[q] === '"' ? '"' : text[q] === '<' ? '>' : undefined;
    const end = close ? text.indexOf(close, q + 1) : -1;
    if (end > q && !text.slice(q + 1, end).includes('\n')) out.push({ spec: text.slice(q + 1, end), angled: close === '>' });
  }
  return out;
}

const NO_LOOK: HeaderLook = { words: [], mapHeaders: [] };

/** Project headers whose legacy constructs end up in the file's object: their maps, and their tail-call programs. */
const TAIL_PROGRAM_LINE = /^[ \t]*(?:static[ \t]+)?__section_tail[ \t]*\(/m;

/** Whether a header may hold tail-call programs: `__section_tail(...)` heads, or raw "ID/KEY" sections. */
function holdsTailPrograms(text: string): boolean {
  return TAIL_PROGRAM_LINE.test(text) || namesRawTailSection(text);
}

/** By header facts, which files with the same includes share. */
const objectHeadersOf = new WeakMap<HeaderFacts, string[]>();

function objectHeaders(facts: HeaderFacts): string[] {
  let out = objectHeadersOf.get(facts);
  if (!out) {
    const tails = facts.legacySources.filter((src) => holdsTailPrograms(src.text)).map((src) => src.path);
    out = [...new Set([...facts.legacyMapHeaders, ...tails])];
    objectHeadersOf.set(facts, out);
  }
  return out;
}

/**
 * The headers' side of the pre-filter: a file that names no legacy construct itself may call a
 * map macro or use a typedef its headers define, and may include headers whose own legacy maps
 * end up in its object. Files in one directory with the same includes share the look.
 */
function headerLook(text: string, opts: AnalyzeOptions & { headerCache: HeaderCache }): HeaderLook {
  if (!opts.provider) return NO_LOOK;
  // `-include` files of the build come first, as clang reads them: a map macro may come only from one.
  const forced = opts.forcedIncludes ?? [];
  if (forced.length === 0 && !text.includes('include')) return NO_LOOK;
  const includes = [...forced, ...includeLines(text)];
  if (includes.length === 0) return NO_LOOK;
  const key = `${opts.path?.replace(/[^/]*$/, '') ?? ''}\0${includes.map((i) => (i.angled ? `<${i.spec}` : `"${i.spec}`)).join('\0')}`;
  let look = opts.headerCache.vocabulary.get(key);
  if (!look) {
    const facts = headerFacts(includes, opts.path, opts.provider, opts.headerCache);
    look = { words: [...facts.legacyWords].map((w) => new RegExp(`\\b${w}\\b`)), mapHeaders: objectHeaders(facts), tailCalls: facts.legacySources.some((src) => holdsTailPrograms(src.text)), progArrays: facts.legacySources.some((src) => src.text.includes('PROG_ARRAY')) };
    opts.headerCache.remember(opts.headerCache.vocabulary, key, look);
  }
  return look;
}

/**
 * What each rule must know of an object (a `.c` file) to decide about what several files share:
 * collected over every object before a run over a tree (see EngineOptions.tree). Nothing is reported.
 * `file`: the model built for it, which the object's own analysis may take (AnalyzeOptions.model).
 */
export function collectObjectFacts(text: string, given: AnalyzeOptions): { facts?: Record<string, unknown>; legacyHeaders: string[]; file: FileModel } | undefined {
  const opts = { ...given, headerCache: given.headerCache ?? new HeaderCache() };
  const collectors = opts.rules.filter((r) => r.objectFacts);
  if (collectors.length === 0) return undefined;
  // An object whose headers hold no legacy construct shares nothing with other files.
  const look = headerLook(text, opts);
  // Objects share what they wire only through their headers' prog arrays and tail-call programs (shared maps
  // of other kinds are migrated the same way whoever includes them). A header's map may be a prog array
  // by a value alone (`.type = 3`): an object with tail-call programs of its own counts as a holder too.
  if (!look.tailCalls && !look.progArrays && !(look.mapHeaders.length > 0 && mayWireTailCalls(text))) return undefined;
  const file = buildFileModel(text, opts);
  const silent = (): ReportedDiagnostic => ({ ruleId: '', messageId: '', severity: 'info', message: '', hint: '', start: 0, end: 0, line: 1, column: 1, category: 'note' });
  const ctx: RuleContext = {
    file, options: opts, plans: [], enabled: new Set(opts.rules.map((r) => r.meta.id)),
    planFor: () => undefined, report: silent, decide: () => undefined, addFix: () => undefined, addedFixes: () => [],
  };
  const out: Record<string, unknown> = {};
  for (const rule of collectors) {
    const facts = rule.objectFacts!(ctx);
    if (facts !== undefined) out[rule.meta.id] = facts;
  }
  // The headers whose own analysis the objects' facts depend on: those with prog arrays or tail-call programs.
  const wiring = file.headers.legacySources.filter((src) => src.text.includes('PROG_ARRAY') || holdsTailPrograms(src.text)).map((src) => src.path);
  return { facts: Object.keys(out).length > 0 ? out : undefined, legacyHeaders: wiring, file };
}

/**
 * The model of a text, or, when the cheap pre-filter finds nothing legacy in it or in what its
 * headers define, the headers whose legacy maps end up in its object.
 */
function readModel(text: string, opts: AnalyzeOptions & { headerCache: HeaderCache }): { file: FileModel } | { skipped: string[] } {
  if (opts.model?.text === text) return { file: opts.model };
  if (!mentionsLegacy(text)) {
    const look = headerLook(text, opts);
    // A file whose headers hold tail-call programs defines their prog array's slots, with no legacy word of its own.
    if (!look.words.some((w) => w.test(text)) && !(look.tailCalls && opts.tree)) return { skipped: look.mapHeaders };
  }
  return { file: buildFileModel(text, opts) };
}

export function analyze(text: string, given: AnalyzeOptions): Analysis {
  const opts = { ...given, headerCache: given.headerCache ?? new HeaderCache() };
  const read = readModel(text, opts);
  if ('skipped' in read) return { diagnostics: [], fixes: [], legacyHeaders: read.skipped };
  const { file } = read;
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
      fixKey: input.fixKey,
    };
    diagnostics.push(d);
    return d;
  };

  const byName = new Map<string, MapPlan>();
  const addedFixes: Fix[] = [];
  let indexed = -1;
  const ctx: RuleContext = {
    file,
    options: opts,
    plans,
    enabled: new Set(opts.rules.map((r) => r.meta.id)),
    planFor: (name) => {
      if (indexed !== plans.length) {
        indexed = plans.length;
        byName.clear();
        for (const p of [...plans].reverse()) { byName.set(p.map.symbol, p); byName.set(p.map.name, p); }
      }
      return byName.get(name);
    },
    report: (input) => report(current!, input),
    decide: (plan, decision) => {
      if ('blocked' in decision) {
        plan.blocked = true;
        if (!decision.quiet) report(current!, { ...decision.blocked, plan, category: 'problem' });
        return;
      }
      foldDecision(plan, decision);
      for (const r of decision.reports ?? []) report(current!, { ...r, plan });
    },
    addFix: (fix) => { addedFixes.push(fix); },
    addedFixes: () => addedFixes,
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
    current = ENGINE;
    ctx.decide(plan, blocked('unhandledField', missing, { field: missing.spelling, name: plan.map.name, value: missing.value }));
  }
  // A blocked map blocks every map that must change with it, and says why.
  const blockedByGroup = new Map<string, MapPlan[]>();
  for (const q of plans) if (q.blocked) blockedByGroup.set(q.group, [...(blockedByGroup.get(q.group) ?? []), q]);
  for (const p of plans) {
    if (p.blocked) continue;
    const others = blockedByGroup.get(p.group) ?? [];
    if (others.length === 0) continue;
    current = ENGINE;
    ctx.decide(p, blocked('groupBlocked', { start: p.map.start, end: p.map.headEnd }, { name: p.map.name, others: others.map((q) => `'${q.map.name}'`).join(', ') }));
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
  for (const fix of addedFixes) fixes.push({ ...fix, edits: dedupe(fix.edits) });
  for (const d of diagnostics) {
    if (d.plan && !d.plan.blocked && d.category !== 'problem') d.fixKey = d.plan.group;
  }
  diagnostics.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  const attributeMacros = new Set(file.maps.flatMap((m) => m.otherAttributes).filter((a) => /^[A-Za-z_]\w*$/.test(a)));
  return { diagnostics, fixes, file, attributeMacros, legacyHeaders: objectHeaders(file.headers) };
}

/** A rule's fix folded into the map's plan: the engine is the only writer of plans. */
function foldDecision(plan: MapPlan, fix: MapFix): void {
  for (const [f, member] of fix.members ?? []) plan.members.set(f, member);
  for (const [f, extras] of fix.memberExtras ?? []) plan.memberExtras.set(f, extras);
  plan.appended.push(...fix.appended ?? []);
  if (fix.values) plan.values = fix.values;
  if (fix.tag !== undefined) plan.tag = fix.tag;
  plan.before.push(...fix.before ?? []);
  plan.edits.push(...fix.edits ?? []);
  for (const n of fix.needs ?? []) plan.needs.add(n);
  if (fix.dropStatic) plan.dropStatic = true;
  if (fix.group !== undefined) plan.group = fix.group;
}

function dedupe(edits: Edit[]): Edit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const key = `${e.start}:${e.end}:${e.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface ApplyResult {
  output: string;
  /** The edits applied, deduplicated and in order (empty when nothing was applied). */
  edits: Edit[];
  applied: string[];
  /** Fixes left out because their edits overlapped an earlier fix. */
  conflicting: string[];
  /** Set when the output parsed worse than the input: nothing was applied. */
  rejected?: { before: number; after: number };
}

/**
 * The edits of the fixes that do not overlap an earlier fix, deduplicated (fixes share the
 * include edit), sorted. One sort and sweep per round; a conflict drops the later fix and
 * starts a new round, which only happens for fixes that really collide.
 */
function mergeFixes(fixes: Fix[]): { edits: Edit[]; applied: Fix[]; conflicting: Fix[] } {
  let live = fixes;
  const conflicting: Fix[] = [];
  for (;;) {
    const tagged: { e: Edit; fix: number }[] = [];
    const seen = new Set<string>();
    live.forEach((f, fix) => {
      for (const e of f.edits) {
        const key = `${e.start}:${e.end}:${e.text}`;
        if (seen.has(key)) continue;
        seen.add(key);
        tagged.push({ e, fix });
      }
    });
    tagged.sort((a, b) => editOrder(a.e, b.e));
    let clash = -1;
    let reach = -1;
    let reachFix = -1;
    // Two insertions at one offset do not conflict: they go in fix order (the sort is stable).
    for (const { e, fix } of tagged) {
      if (reach > e.start && reachFix !== fix) { clash = Math.max(fix, reachFix); break; }
      if (e.end > reach) { reach = e.end; reachFix = fix; }
    }
    if (clash < 0) return { edits: tagged.map((t) => t.e), applied: live, conflicting };
    conflicting.push(live[clash]);
    live = live.filter((_, i) => i !== clash);
  }
}

/** Applies the non-overlapping fixes, in order, then checks that the touched statements parse no worse. */
export function applyFixes(text: string, fixes: Fix[], cleanStatements: ReadonlySet<number> = new Set(), inputScan?: ScanResult, attributeMacros?: ReadonlySet<string>): ApplyResult {
  const merged = mergeFixes(fixes);
  const applied = merged.applied.map((f) => f.key);
  const conflicting = merged.conflicting.map((f) => f.key);
  if (merged.edits.length === 0) return { output: text, edits: [], applied, conflicting };
  const ordered = merged.edits;
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
  const inScan = inputScan ?? scan(text);
  const inRanges = ordered.map((e) => [e.start, e.end] as [number, number]);
  const before = syntaxErrors(touchedSpans(text, inRanges, cleanStatements, inScan, attributeMacros));
  // The output is checked region by region (the touched statements as rewritten, and inserted
  // text), without scanning the whole output again.
  // Output offset of an input offset: prefix sums of the edits' length changes and a binary search,
  // so that checking thousands of maps stays linear.
  const shift: number[] = [0];
  for (const e of ordered) shift.push(shift[shift.length - 1] + e.text.length - (e.end - e.start));
  const mapOffset = (o: number, afterInsertions: boolean) => {
    let lo = 0;
    let hi = ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ordered[mid].start < o) lo = mid + 1; else hi = mid;
    }
    // Edits do not overlap: only the last one starting before `o` can contain it.
    if (lo > 0 && ordered[lo - 1].end > o) return outRanges[lo - 1][0];
    let i = lo;
    // Insertions at `o` come before it when asked for; a replacement starting at `o` does not.
    while (afterInsertions && i < ordered.length && ordered[i].start === o && ordered[i].end === o) i++;
    return o + shift[i];
  };
  const regions: [number, number][] = [
    ...touchedStatements(inScan, inRanges).map((st) => [mapOffset(st.boundary, false), mapOffset(st.end, true)] as [number, number]),
    ...outRanges,
  ].sort((a, b) => a[0] - b[0]);
  const afterSpans: string[] = [];
  for (let i = 0; i < regions.length;) {
    let [a, b] = regions[i++];
    while (i < regions.length && regions[i][0] <= b) b = Math.max(b, regions[i++][1]);
    const region = output.slice(a, b);
    const ranges = outRanges.filter(([x, y]) => y >= a && x <= b).map(([x, y]) => [x - a, y - a] as [number, number]);
    afterSpans.push(...touchedSpans(region, ranges, undefined, scan(region), attributeMacros));
  }
  const after = syntaxErrors(afterSpans);
  if (after > before) return { output: text, edits: [], applied: [], conflicting, rejected: { before, after } };
  return { output, edits: ordered, applied, conflicting };
}

/**
 * Syntax errors as the engine measures them: each top-level statement parsed on its own, with
 * preprocessor lines and the BTF/section macros blanked. Counting over the whole file instead
 * lets tree-sitter's error recovery carry one broken statement's errors into its neighbours.
 */
export function statementSyntaxErrors(text: string, attributeMacros?: ReadonlySet<string>): number {
  return syntaxErrors(touchedSpans(text, [[0, text.length]], undefined, scan(text), attributeMacros));
}

/** Syntax errors in the top-level statements that overlap the given ranges, each parsed on its own. */
/**
 * Whether a range reaches into the statement that starts at `boundary`: an edit that only ends where it
 * starts belongs to the statement before (a map followed by a 5 MB array would have the array re-parsed);
 * an insertion right at the boundary counts for both.
 */
function reaches(range: [number, number], boundary: number): boolean {
  return range[1] > boundary || (range[1] === boundary && range[0] === boundary);
}

/** Top-level statements that overlap the given ranges. */
function touchedStatements(s: ScanResult, ranges: [number, number][]): TopStatement[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: TopStatement[] = [];
  let r = 0;
  for (const st of s.statements) {
    while (r < sorted.length && sorted[r][1] < st.boundary) r++;
    for (let k = r; k < sorted.length && sorted[k][0] <= st.end; k++) {
      if (reaches(sorted[k], st.boundary)) { out.push(st); break; }
    }
  }
  return out;
}

/**
 * The top-level statements that overlap the given ranges, as the check parses them: preprocessor
 * lines and the BTF/section macros blanked; a function whose edits all sit in its head (a section
 * attribute) is checked by its head alone, with an empty body. Only the error count is read, not
 * positions: runs of blanks (most of a rewritten map, whose members are blanked) are one blank to
 * the grammar, and tree-sitter's cost is per character.
 */
function touchedSpans(text: string, ranges: [number, number][], clean: ReadonlySet<number> = new Set(), s: ScanResult, attributeMacros?: ReadonlySet<string>): string[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const spans: string[] = [];
  let r = 0;
  let d = 0;
  for (const st of s.statements) {
    while (r < sorted.length && sorted[r][1] < st.boundary) r++;
    // Ranges are sorted by start; any of them from r on may reach into this statement.
    let hit = false;
    let reachesBody = false;
    for (let k = r; k < sorted.length && sorted[k][0] <= st.end; k++) {
      if (reaches(sorted[k], st.boundary)) {
        hit = true;
        if (st.bodyStart < 0 || sorted[k][1] > st.bodyStart) reachesBody = true;
      }
    }
    // Statements already read without error (the legacy maps) count 0 without a second parse.
    if (!hit || clean.has(st.boundary)) continue;
    const end = reachesBody || st.bodyStart < 0 ? st.end : st.bodyStart;
    while (d < s.directives.length && s.directives[d].start < st.boundary) d++;
    const directives: [number, number][] = [];
    for (let k = d; k < s.directives.length && s.directives[k].start < end; k++) directives.push([s.directives[k].start, s.directives[k].end]);
    const body = maskKnownMacros(maskRanges(text, st.boundary, end, directives), attributeMacros) + (end === st.end ? '' : '{}');
    spans.push(body.replace(/[ \t]{2,}/g, ' ').replace(/\n(?:[ \t]*\n)+/g, '\n'));
  }
  return spans;
}

/** Syntax errors of the statements, each counted as its own parse counts them; one parse for all when they are all clean. */
function syntaxErrors(statements: string[]): number {
  if (statements.length === 0 || (statements.length > 1 && allParseClean(statements))) return 0;
  let errors = 0;
  for (const st of statements) errors += countSyntaxErrors(parseC(st).rootNode);
  return errors;
}

export interface MigrateResult extends Analysis {
  output: string;
  changed: boolean;
  apply?: ApplyResult;
  /**
   * The analysis of the text as given, whose fixes each apply alone (the editor's per-map
   * quick fixes). The result itself may come from more passes (overlapping fixes, maps
   * written out of macros), described against the text as given.
   */
  original?: Analysis;
}

/**
 * Analyzes and applies every fix: what the CLI does for one file. Maps declared through a
 * map-declaring macro are written out first and migrated with the rest; the result is
 * described (edits, diagnostics) against the file as given.
 */
export function migrate(text: string, given: AnalyzeOptions): MigrateResult {
  const opts = { ...given, headerCache: given.headerCache ?? new HeaderCache() };
  const read = readModel(text, opts);
  // The pre-filter found nothing legacy: the file is what its headers bring to its object (asked once).
  if ('skipped' in read) return { diagnostics: [], fixes: [], legacyHeaders: read.skipped, output: text, changed: false, original: { diagnostics: [], fixes: [] } };
  const { file } = read;
  const uses = file.macroMaps.filter((u) => u.expansion !== undefined);
  // The text as given is migrated first only when it is the result, or to say why macro maps stay
  // as they are: a file whose macro maps are written out is analysed once, written out.
  let first: MigrateResult | undefined;
  const firstPass = () => (first ??= migrateText(text, { ...opts, model: file }));
  const result = uses.length === 0 ? firstPass()
    : migrateMacroMaps(text, file, firstPass, uses, (t) => migrateText(t, opts), (use, detail, hint) => macroMapNotMigrated(file, use, detail, hint));
  // Never silent: a legacy map the output still declares carries an error, whatever produced it.
  const remaining = remainingMapDiagnostics({ file, output: result.output, edits: result.apply?.edits ?? [], diagnostics: result.diagnostics }, opts.rules);
  const diagnostics = remaining.length === 0 ? result.diagnostics : [...result.diagnostics, ...remaining].sort((a, b) => a.start - b.start);
  const migrated: MigrateResult = { ...result, diagnostics };
  // The editor's per-map fixes: the analysis of the text as given, made when asked for.
  Object.defineProperty(migrated, 'original', { enumerable: true, get: () => { const f = firstPass(); return { diagnostics: f.diagnostics, fixes: f.fixes, file: f.file }; } });
  return migrated;
}

/**
 * One fix per map declared through a macro, for an editor's quick fix: the call written out and
 * that map migrated alone (with what it needs, such as the include), stated against `text`.
 * A map that cannot be migrated that way gets none.
 */
export function macroMapFixes(text: string, opts: AnalyzeOptions, file: FileModel): Fix[] {
  const fixes: Fix[] = [];
  for (const use of file.macroMaps) {
    if (use.expansion === undefined) continue;
    const expansion = [{ start: use.start, end: use.end, text: use.expansion }];
    const expanded = applyEdits(text, expansion);
    const analysis = analyze(expanded, opts);
    const fix = analysis.fixes.find((f) => f.subjects.includes(use.name));
    if (!fix) continue;
    const apply = applyFixes(expanded, [fix], new Set(analysis.file?.maps.map((m) => m.boundary)), analysis.file?.scan, analysis.attributeMacros);
    if (apply.rejected || !apply.applied.includes(fix.key)) continue;
    const composed = composeExpansion(text, expansion, expanded, { ...analysis, output: apply.output, changed: true, apply }, file);
    if (!composed?.apply) continue;
    fixes.push({ key: `macro:${use.start}`, title: `Write out ${use.macro}(${use.name}, ...) and migrate '${use.name}' to a BTF-defined map`, subjects: fix.subjects, edits: composed.apply.edits });
  }
  return fixes;
}

function macroMapNotMigrated(file: FileModel, use: MacroMapUse, detail: string, hint?: string): ReportedDiagnostic {
  const at = { start: use.start, end: use.end, line: file.lineAt(use.start), column: file.columnAt(use.start), subject: use.name };
  return engineDiagnostic('macroMapNotMigrated', at, { name: use.name, macro: use.macro, detail }, 'error', 'problem', hint);
}

/** Analyzes and applies every fix, on the text as it is. */
function migrateText(text: string, opts: AnalyzeOptions): MigrateResult {
  const analysis = analyze(text, opts);
  if (analysis.fixes.length === 0) return { ...analysis, output: text, changed: false };
  const apply = applyFixes(text, analysis.fixes, new Set(analysis.file?.maps.map((m) => m.boundary)), analysis.file?.scan, analysis.attributeMacros);
  if (analysis.file?.scan.unbalanced && !apply.rejected && apply.output !== text) {
    // Braces that do not balance make statement boundaries unreliable, so the regional check is
    // not enough: compare the whole file too (only such files pay for it).
    const before = statementSyntaxErrors(text, analysis.attributeMacros);
    const after = statementSyntaxErrors(apply.output, analysis.attributeMacros);
    if (after > before) {
      const rejected = { ...apply, output: text, edits: [], applied: [], rejected: { before, after } };
      return { ...analysis, output: text, changed: false, apply: rejected };
    }
  }
  if (apply.conflicting.length > 0 && !apply.rejected) {
    // Fixes left out because they overlapped another one: like ESLint, run again on the result
    // (bounded) so that one run is enough. Diagnostics describe the first pass; the edits are
    // those between the input and the last pass's output.
    let output = apply.output;
    for (let pass = 0; pass < 3; pass++) {
      const again = analyze(output, opts);
      if (again.fixes.length === 0) break;
      const next = applyFixes(output, again.fixes, new Set(again.file?.maps.map((m) => m.boundary)), undefined, again.attributeMacros);
      if (next.output === output || next.rejected) break;
      output = next.output;
    }
    const edits = output === apply.output ? apply.edits : editsBetween(text, output);
    return { ...analysis, output, changed: output !== text, apply: { ...apply, output, edits } };
  }
  return { ...analysis, output: apply.output, changed: apply.output !== text, apply };
}

export { editOrder };
export type { Diagnostic };
