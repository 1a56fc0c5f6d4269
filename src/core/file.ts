/**
 * Everything the rules know about one file: the scan, the headers' facts, the legacy maps
 * and annotations read from their spans, and the file's conventions (line ending, indent).
 */
import { scan, Trigger, firstCodeChar, type ScanResult, type TopStatement } from './scan.js';
import { headerFacts, HeaderCache, legacyAliases, readTypedefs, structLayouts, type HeaderFacts, type SourceProvider } from './headers.js';
import { readLegacyMap, type LegacyMap, type MapProblem, type SectionSpelling } from './legacy-map.js';
import { knownTypeSize, MacroTable, splitArgs } from './cexpr.js';
import { readPrograms, type Program } from './programs.js';
import { findMacroMaps, type MacroMapUse } from './macro-maps.js';
import { readTranslationUnit, type TranslationUnit } from './translation-unit.js';

export interface Annotation {
  /** Map name as written in the annotation. */
  name: string;
  keyType: string;
  valueType: string;
  start: number;
  end: number;
}

export interface UnreadableMap {
  name?: string;
  start: number;
  problem: MapProblem;
}

export interface FileModel {
  path?: string;
  text: string;
  eol: string;
  scan: ScanResult;
  headers: HeaderFacts;
  /** The file's own macros over its headers' macros. */
  macros: MacroTable;
  typedefs: Set<string>;
  /** The file's typedefs of scalar types the engine can size (`typedef __u64 counter_t;`). */
  scalarTypedefs: Map<string, string>;
  maps: LegacyMap[];
  unreadable: UnreadableMap[];
  annotations: Annotation[];
  /** Maps declared through a map-declaring macro (`BPF_PROG_ARRAY(jmp, ...);`). */
  macroMaps: MacroMapUse[];
  /** Top-level statements, for rules that look beyond maps (tail-call programs). */
  statements: TopStatement[];
  /** Top-level functions with a section attribute, read on first use. */
  programs(): Program[];
  /**
   * Models of the project headers the file includes (directly or not) that name legacy
   * constructs: their maps and programs end up in the same object. Built on first use.
   */
  headerModels(): FileModel[];
  /** The object this file is the `.c` file of: the file and the project headers it includes, as the preprocessor reads them. Built on first use. */
  translationUnit(): TranslationUnit;
  lineAt(offset: number): number;
  columnAt(offset: number): number;
  /** One level of indentation as the file writes it. */
  indentUnit: string;
  /** A header (`.h`): other files include it, and it does not know which. */
  isHeader: boolean;
}

export interface FileOptions {
  path?: string;
  provider?: SourceProvider;
  headerCache?: HeaderCache;
  /** Read before the file's own includes, as clang's command-line -D and -include are: specs the provider resolves. */
  forcedIncludes?: { spec: string; angled: boolean }[];
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function detectIndent(text: string): string {
  let tabs = 0;
  let spaces = 0;
  const counts = new Map<number, number>();
  // Indentation of the first 400 indented lines that have code on them.
  for (let line = 0; line < text.length && tabs + spaces <= 400;) {
    let i = line;
    while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
    const nl = text.indexOf('\n', i);
    // Code lines only: ` * ` continuation lines of block comments say nothing about the code's indentation.
    if (i > line && i < text.length && !/\s/.test(text[i]) && !(text[i] === '*' && text[i + 1] !== '/' && /^ +$/.test(text.slice(line, i)))) {
      if (text.charCodeAt(line) === 9) tabs++;
      else {
        spaces++;
        counts.set(i - line, (counts.get(i - line) ?? 0) + 1);
      }
    }
    if (nl < 0) break;
    line = nl + 1;
  }
  if (tabs >= spaces) return '\t';
  const smallest = [...counts.keys()].filter((n) => n >= 2).sort((a, b) => a - b)[0] ?? 4;
  return ' '.repeat(Math.min(smallest, 8));
}

const ANNOTATION = /^BPF_ANNOTATE_KV_PAIR\s*\(([\s\S]*)\)\s*;$/;

/** Whether the statement's code (not its comments, not its directives) has the string "maps" (occurrences from index `from` on). */
function namesMapsSection(text: string, st: TopStatement, directives: ScanResult['directives'], occurrences: number[], from: number): boolean {
  for (let i = from; i < occurrences.length && occurrences[i] < st.end; i++) {
    const at = occurrences[i];
    if (directives.some((d) => d.start <= at && at < d.end)) continue;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const before = text.slice(Math.max(st.boundary, lineStart), at);
    if (before.includes('//')) continue;
    const open = text.slice(st.boundary, at).lastIndexOf('/*');
    if (open >= 0 && text.indexOf('*/', st.boundary + open) > at) continue;
    return true;
  }
  return false;
}

function statementEnd(statements: TopStatement[], start: number): number {
  return statements.find((st) => st.boundary <= start && start < st.end)?.end ?? start;
}

export function buildFileModel(text: string, opts: FileOptions = {}): FileModel {
  const s = scan(text);
  const cache = opts.headerCache ?? new HeaderCache();
  const headers = headerFacts(opts.forcedIncludes?.length ? [...opts.forcedIncludes, ...s.includes] : s.includes, opts.path, opts.provider, cache);
  const macros = new MacroTable([headers.macros], cache.macroNames);
  for (const d of s.defines) macros.add(d);
  const structs = new Map(headers.structs);
  if (text.includes('struct bpf_elf_map') || text.includes('struct bpf_map_def')) {
    for (const [k, v] of structLayouts(text, opts.path ?? '<input>', s)) structs.set(k, v);
  }
  const declared = text.includes('typedef') ? readTypedefs(text, s) : [];
  const typedefs = new Set(declared.map((t) => t.name));
  const scalarTypedefs = new Map<string, string>();
  for (const t of declared) if (t.type !== undefined && knownTypeSize(t.type) !== undefined) scalarTypedefs.set(t.name, t.type);

  let starts: number[] | undefined;
  const lineAt = (offset: number) => {
    starts ??= lineStarts(text);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo + 1;
  };
  const columnAt = (offset: number) => {
    starts ??= lineStarts(text);
    return offset - starts[lineAt(offset) - 1] + 1;
  };

  // A header that includes nothing takes its macros from whatever includes it: as unknown as an unreadable include.
  const isHeader = /\.(h|hh|hpp)$/i.test(opts.path ?? '');
  const includesNothing = s.includes.length === 0 && isHeader;
  const headersIncomplete = includesNothing || headers.unresolved.length > 0 || s.directives.filter((d) => d.kind === 'include').length > s.includes.length;
  const sectionConvention: SectionSpelling = /\b__section\s*\(/.test(text) ? { kind: 'call', macro: '__section' }
    : /\bSEC\s*\(/.test(text) ? { kind: 'call', macro: 'SEC' } : { kind: 'attribute', text: '__attribute__((section("maps"), used))' };
  let programs: Program[] | undefined;
  let unit: TranslationUnit | undefined;
  let indent: string | undefined;
  const annotations: Annotation[] = [];
  // Names the file or its headers give the legacy structs (`typedef struct bpf_elf_map map_t;`).
  const aliases = new Map([...headers.legacyAliases, ...legacyAliases(text, s, declared)]);
  const aliasWord = aliases.size > 0 ? new RegExp(`\\b(?:${[...aliases.keys()].join('|')})\\b`) : undefined;
  for (const st of s.statements) {
    if (st.triggers & Trigger.kvPair) {
      const start = firstCodeChar(text, st.boundary, st.end);
      const m = ANNOTATION.exec(text.slice(start, st.end));
      if (m) {
        const args = splitArgs(m[1]);
        if (args.length === 3) annotations.push({ name: args[0], keyType: args[1], valueType: args[2], start, end: st.end });
      }
    }
  }
  const macroMaps = findMacroMaps({
    text, scan: s, statements: s.statements, macros, path: opts.path, provider: opts.provider, aliases,
    indentUnit: () => (indent ??= detectIndent(text)), headersIncomplete,
  });
  // The declarations are read (each parsed) when first asked for: a file whose maps are all
  // declared through macros is migrated written out, and its own reading is never needed.
  let read: { maps: LegacyMap[]; unreadable: UnreadableMap[] } | undefined;
  const readMaps = () => (read ??= readDeclarations());
  const readDeclarations = () => {
    const maps: LegacyMap[] = [];
    const unreadable: UnreadableMap[] = [];
    for (const st of s.statements) {
      const viaAlias = aliasWord !== undefined && st.bodyStart < 0 && st.initStart >= 0 && aliasWord.test(text.slice(st.boundary, st.initStart));
      if ((st.triggers & (Trigger.elfMap | Trigger.mapDef) || viaAlias) && st.bodyStart < 0) {
        const r = readLegacyMap(st, { text, directives: s.directives, macros, structs, typedefs, lineAt, headersIncomplete, sectionConvention, aliases });
        if (r.ok) maps.push(r.map);
        else if (!('notAMap' in r)) unreadable.push({ name: r.name, start: r.start, problem: r.problem });
        else if (r.suspect) {
          const start = firstCodeChar(text, st.boundary, st.end);
          unreadable.push({ start, problem: { messageId: 'unreadableInitializer', detail: r.suspect, start, end: st.initStart >= 0 ? st.initStart : st.end } });
        }
      }
    }
    // A safety net: a statement that names section "maps" and is no declaration read above would
    // leave the object with a legacy section that libbpf refuses; it must not pass unseen.
    if (text.includes('"maps"')) {
      const seen = new Set([...maps.map((m) => m.boundary), ...unreadable.map((u) => u.start)]);
      // Text after the last statement that ends (unbalanced braces, a conditional splitting a declaration) counts too.
      const lastEnd = s.statements.length > 0 ? s.statements[s.statements.length - 1].end : 0;
      const tail: TopStatement = { boundary: lastEnd, end: text.length, bodyStart: -1, initStart: -1, condDepth: 0, triggers: 0 };
      // Each occurrence of "maps" is looked at once: statements are in order, and so are occurrences.
      const occurrences: number[] = [];
      for (let at = text.indexOf('"maps"'); at >= 0; at = text.indexOf('"maps"', at + 6)) occurrences.push(at);
      let o = 0;
      for (const st of [...s.statements, tail]) {
        while (o < occurrences.length && occurrences[o] < st.boundary) o++;
        if (o >= occurrences.length) break;
        if (occurrences[o] >= st.end) continue;
        // A function's body (user-space code comparing section names, `strcmp(name, "maps")`) puts nothing in a section.
        if (st.bodyStart >= 0 && occurrences[o] > st.bodyStart && /\)\s*$/.test(text.slice(st.boundary, st.bodyStart))) continue;
        const start = firstCodeChar(text, st.boundary, st.end);
        if (seen.has(st.boundary) || seen.has(start) || !namesMapsSection(text, st, s.directives, occurrences, o)) continue;
        unreadable.push({ start, problem: { messageId: 'unreadableInitializer', detail: 'it names section "maps", but bpf-migrate cannot read it as one map declaration', start, end: st.initStart >= 0 ? st.initStart : Math.min(st.end, start + 200) } });
      }
    }
    // A declaration whose initializer is a macro use is reported as that use, not as unreadable.
    const kept = macroMaps.length === 0 ? unreadable : unreadable.filter((u) => !macroMaps.some((m) => u.start <= m.start && m.start < statementEnd(s.statements, u.start)));
    return { maps, unreadable: kept };
  };
  return {
    path: opts.path, text, eol: /\r\n/.test(text.slice(0, 4096)) ? '\r\n' : '\n', scan: s, headers, macros, typedefs, scalarTypedefs,
    get maps() { return readMaps().maps; },
    get unreadable() { return readMaps().unreadable; },
    annotations, macroMaps, statements: s.statements, lineAt, columnAt, isHeader,
    get indentUnit() { return (indent ??= detectIndent(text)); },
    programs: () => (programs ??= readPrograms(text, s.statements, macros)),
    translationUnit() { return (unit ??= readTranslationUnit(this, opts.provider, cache)); },
    headerModels: () => headers.legacySources.filter((src) => src.path !== opts.path).map((src) => {
      let model = cache.models.get(src.path) as FileModel | undefined;
      if (!model) {
        model = buildFileModel(src.text, { path: src.path, provider: opts.provider, headerCache: cache });
        cache.models.set(src.path, model);
      }
      return model;
    }),
  };
}
