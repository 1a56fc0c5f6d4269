/**
 * The translation-unit view: what one object compiles, read as the preprocessor reads it — the
 * `.c` file and, in place of each `#include`, the project header it names (once: headers are
 * guarded), with the conditionals of every level kept. The legacy loader wires tail calls per
 * object, from every program compiled into it (docs/semantics.md §2), so the rules must see
 * the object, not the file.
 */
import { buildFileModel, type FileModel } from './file.js';
import type { HeaderCache, SourceProvider } from './headers.js';
import { conditionalsAlong, enclosingConditionals, inIfZero, type Directive, type EnclosingConditional, type IncludeDirective, type ScanResult } from './scan.js';
import type { Program } from './programs.js';
import type { LegacyMap } from './legacy-map.js';

/** A file of the unit: its model when it names legacy constructs (only those can hold programs or maps that matter). */
export interface UnitFile {
  path: string;
  text: string;
  scan: ScanResult;
  model?: FileModel;
}

/** One `#include` on the way from the object's `.c` file down to a header. */
export interface IncludeLink {
  file: UnitFile;
  include: IncludeDirective;
}

/** One conditional group something is built under, as directive lines the object's `.c` file can repeat. */
export interface Condition {
  /** The group's identity across the unit: two things under the same key and another branch are never built together. */
  key: string;
  branch: number;
  /** The opening line and the branch lines passed (`#if A`, `#elif B`), or the opposite test for an `#else`. */
  lines: string[];
  /** Macro names the lines test. */
  names: string[];
}

interface Placed {
  file: UnitFile;
  /** Includes from the `.c` file to `file`; empty for the `.c` file's own. */
  chain: IncludeLink[];
  /** Position in the unit's reading order. */
  order: number;
  /** Every conditional around it, the `.c` file's outermost first. */
  conditions: Condition[];
  /** Offset in the `.c` file after which the preprocessor has read it: its own end, or the end of the line that includes it. */
  anchor: number;
}

export interface UnitProgram extends Placed { program: Program; model: FileModel }
export interface UnitMap extends Placed { map: LegacyMap; model: FileModel }

/** A `#define` or `#undef` of the unit, for telling whether a macro means the same in two places. */
export interface UnitMacroChange { name: string; order: number }

export interface TranslationUnit {
  root: FileModel;
  /** Every program with a section attribute the unit compiles (not those in `#if 0`), in reading order. */
  programs: UnitProgram[];
  maps: UnitMap[];
  macroChanges: UnitMacroChange[];
  /** Project headers the unit reads, in order of first inclusion. */
  headers: UnitFile[];
}

/** A header's include guard or `#pragma once` makes a second inclusion empty: it is read once per unit. */
export function readTranslationUnit(root: FileModel, provider: SourceProvider | undefined, cache: HeaderCache): TranslationUnit {
  const unit: TranslationUnit = { root, programs: [], maps: [], macroChanges: [], headers: [] };
  const seen = new Set<string>(root.path ? [root.path] : []);
  let order = 0;
  const rootFile: UnitFile = { path: root.path ?? '<input>', text: root.text, scan: root.scan, model: root };

  const visit = (file: UnitFile, chain: IncludeLink[], chainConditions: Condition[]) => {
    for (const item of readingOf(file)) {
      if (item.neverBuilt) continue;
      if (item.include) {
        const r = provider?.resolveInclude(item.include.spec, item.include.angled, file.path);
        if (!r || r.system || seen.has(r.path)) continue;
        seen.add(r.path);
        const child = unitFile(r.path, r.text, provider, cache);
        unit.headers.push(child);
        visit(child, [...chain, { file, include: item.include }], [...chainConditions, ...item.conditions]);
      } else if (item.change !== undefined) {
        unit.macroChanges.push({ name: item.change, order: order++ });
      } else {
        const placed: Placed = {
          file, chain, order: order++,
          conditions: [...chainConditions, ...item.conditions],
          anchor: chain.length > 0 ? chain[0].include.lineEnd : endOfStatementAt(root, item.at),
        };
        if (item.program) unit.programs.push({ ...placed, program: item.program, model: file.model! });
        else if (item.map) unit.maps.push({ ...placed, map: item.map, model: file.model! });
      }
    }
  };
  visit(rootFile, [], []);
  return unit;
}

/** What a file gives the units that read it, in its order: includes, programs, maps, macro changes, each with its own conditions. */
interface ReadItem {
  at: number;
  include?: IncludeDirective;
  program?: Program;
  map?: LegacyMap;
  /** The macro a `#define` or `#undef` changes. */
  change?: string;
  /** In the first branch of an `#if 0`. */
  neverBuilt: boolean;
  /** The conditionals of the file around it, outermost first (its include guard left out). */
  conditions: Condition[];
}

/** Readings of headers, by their model (or scan): every object that includes a header reads it the same way. */
const readings = new WeakMap<object, ReadItem[]>();

/** The items of a file in order, with their conditions: one sweep over its directives. */
function readingOf(file: UnitFile): ReadItem[] {
  const key = file.model ?? file.scan;
  let out = readings.get(key);
  if (out) return out;
  type Item = { at: number; include?: IncludeDirective; program?: Program; map?: LegacyMap; change?: Directive };
  const items: Item[] = file.scan.includes.map((include) => ({ at: include.start, include }));
  if (file.model) {
    for (const program of file.model.programs()) items.push({ at: program.start, program });
    for (const map of file.model.maps) items.push({ at: map.start, map });
  }
  for (const d of file.scan.directives) if (d.kind === 'define' || d.kind === 'undef') items.push({ at: d.start, change: d });
  items.sort((a, b) => a.at - b.at);
  const along = conditionalsAlong(file.scan);
  // A group's condition once per branch reached, shared by the items under it.
  const made = new Map<Directive, Condition[]>();
  const conditionFor = (g: EnclosingConditional): Condition => {
    const byBranch = made.get(g.open) ?? [];
    made.set(g.open, byBranch);
    return (byBranch[g.branches.length] ??= conditionOf(file, g));
  };
  out = [];
  for (const item of items) {
    const groups = along(item.at);
    const change = item.change ? /^[ \t]*#[ \t]*\w+[ \t]+([A-Za-z_]\w*)/.exec(file.text.slice(item.change.start, item.change.end))?.[1] : undefined;
    // A #define or #undef whose name cannot be read changes nothing the unit tracks.
    if (item.change && change === undefined) continue;
    out.push({ at: item.at, include: item.include, program: item.program, map: item.map, change, neverBuilt: inIfZero(file.text, groups), conditions: groups.map(conditionFor) });
  }
  readings.set(key, out);
  return out;
}

function unitFile(path: string, text: string, provider: SourceProvider | undefined, cache: HeaderCache): UnitFile {
  const summary = cache.get({ path, text, system: false });
  if (summary.mentionsLegacy) {
    let model = cache.models.get(path) as FileModel | undefined;
    if (!model || model.text !== text) {
      model = buildFileModel(text, { path, provider, headerCache: cache });
      cache.models.set(path, model);
    }
    return { path, text, scan: model.scan, model };
  }
  return { path, text, scan: summary.scan };
}

function endOfStatementAt(root: FileModel, offset: number): number {
  const st = root.statements.find((s) => s.boundary <= offset && offset < s.end);
  return st ? st.end : offset;
}

function directiveLine(text: string, d: Directive): string {
  return text.slice(d.start, d.end).replace(/^[ \t]+/, '');
}

/** A group as lines to repeat: its opening and the branches passed; the `#else` of an `#ifdef` reads better as the opposite test. */
export function conditionOf(file: { path?: string; text: string }, g: EnclosingConditional): Condition {
  const lines = g.open.kind !== 'if' && g.branches.length === 1 && g.branches[0].kind === 'else'
    ? [directiveLine(file.text, g.open).replace(/^#([ \t]*)if(n?)def/, (_, sp: string, n: string) => `#${sp}if${n ? '' : 'n'}def`)]
    : [directiveLine(file.text, g.open), ...g.branches.map((d) => directiveLine(file.text, d))];
  const names = [...new Set(lines.flatMap((l) => l.replace(/^#\s*\w+/, '').match(/[A-Za-z_]\w*/g) ?? []).filter((n) => n !== 'defined'))];
  return { key: `${file.path ?? ''}:${g.open.start}`, branch: g.branches.length, lines, names };
}

/** Whether two placed things can never be built together: they sit in different branches of one group. */
export function exclusiveConditions(a: Condition[], b: Condition[]): boolean {
  return a.some((x) => b.some((y) => x.key === y.key && x.branch !== y.branch));
}

/**
 * The offset in the `.c` file where text can go after `anchor` at file scope, outside every
 * conditional around `anchor` (past the `#endif` of the outermost one): what goes there is
 * then built whenever the file is, and carries its own conditions.
 */
export function fileScopeAfter(root: FileModel, anchor: number): number {
  const groups = enclosingConditionals(root.scan, anchor);
  let at = anchor;
  if (groups.length > 0) {
    const open = groups[0].open;
    const ds = root.scan.directives;
    let depth = 0;
    for (let i = ds.indexOf(open); i < ds.length; i++) {
      const d = ds[i];
      if (d.kind === 'if' || d.kind === 'ifdef' || d.kind === 'ifndef') depth++;
      else if (d.kind === 'endif' && --depth === 0) { at = d.lineEnd; break; }
    }
  }
  if (at === 0 || root.text[at - 1] === '\n') return at;
  const nl = root.text.indexOf('\n', at);
  const lineEnd = nl < 0 ? root.text.length : nl + 1;
  // The rest of the anchor's line (a comment after `}`) stays with it.
  return /^[ \t]*(\/\/.*|\/\*.*\*\/[ \t]*)?\r?\n?$/.test(root.text.slice(at, lineEnd)) ? lineEnd : at;
}
