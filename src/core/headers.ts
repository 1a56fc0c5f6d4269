/**
 * What a file's headers give it: macros, the BTF-map helper names, and the layout of the
 * legacy structs. Headers are read through a SourceProvider (the core never touches the
 * file system) and summarised once per path.
 */
import { firstCodeChar, mentionsLegacy, scan, Trigger, type Directive, type MacroDef, type ScanResult } from './scan.js';
import { parseC, type SyntaxNode } from './parser.js';
import { maskRanges } from './mask.js';
import { MacroTable, normaliseType } from './cexpr.js';

export interface ResolvedSource {
  path: string;
  text: string;
  /** Found in a system include directory: its own unresolved includes are not the project's concern. */
  system?: boolean;
}

export interface SourceProvider {
  /** Resolves `#include "spec"` / `#include <spec>` as the compiler would; undefined when not found. */
  resolveInclude(spec: string, angled: boolean, fromPath: string | undefined): ResolvedSource | undefined;
}

/** Names a migrated file may need from a header. */
export const HELPER_NAMES = ['__uint', '__type', '__array', 'SEC', 'LIBBPF_PIN_BY_NAME'] as const;
export type HelperName = (typeof HELPER_NAMES)[number];

export interface StructLayout {
  /** Field names in declaration order. */
  fields: string[];
  /** Fields declared under a preprocessor conditional (present or not depending on the build). */
  conditional: Set<string>;
  /**
   * For conditional fields whose conditionals are all `#ifdef X` / `#ifndef X` (and their `#else`):
   * each as [macro, whether it must be defined]. Fields under other conditionals are not here.
   */
  conditions: Map<string, [string, boolean][]>;
  /** Where it was found, for messages. */
  path: string;
}

export interface HeaderSummary {
  path: string;
  /** The header's statements and directives, for the translation-unit view of every object that includes it. */
  scan: ScanResult;
  /** Names a legacy construct (scan.ts mentionsLegacy): only such a header holds maps or programs to migrate. */
  mentionsLegacy: boolean;
  defines: MacroDef[];
  includes: { spec: string; angled: boolean }[];
  definesPinEnum: boolean;
  /** Declares libbpf-named helpers itself (`static void *(*bpf_map_lookup_elem)(...)`), as old copies of bpf_helpers.h did. */
  declaresHelperFunctions: boolean;
  /**
   * Declares legacy maps: migrated, a header gets the guarded local definitions, whose enum
   * libbpf_pin_type a later bpf/bpf_helpers.h would redefine.
   */
  declaresLegacyMaps: boolean;
  /** Names for the legacy structs: `typedef struct bpf_elf_map NAME;`, `#define NAME struct bpf_elf_map`. */
  legacyAliases: [string, 'elf' | 'mapdef'][];
  /** Function-like macros whose body declares a legacy map (the words a file calls them by). */
  mapMacros: string[];
  /** Declares maps through iproute2's map macros at file scope (`BPF_PROG_ARRAY(jmp, ...);`). */
  callsMapMacros: boolean;
  structs: Map<string, StructLayout>;
}

export interface HeaderFacts {
  macros: MacroTable;
  /** Helper names some header defines. */
  provided: Set<HelperName>;
  /** The file includes libbpf's bpf/bpf_helpers.h, directly or through another header. */
  includesBpfHelpers: boolean;
  structs: Map<string, StructLayout>;
  /** Includes that could not be found (their contents are unknown). */
  unresolved: string[];
  /** A project header declares libbpf's helper names: including bpf/bpf_helpers.h would redefine them. */
  helperConflict?: string;
  /**
   * A project header defines libbpf's include guard `__BPF_HELPERS__` without the BTF-map
   * helpers (a vendored old copy): an added bpf/bpf_helpers.h would be skipped.
   */
  guardCollision?: string;
  /** A project header with legacy maps (see HeaderSummary.declaresLegacyMaps). */
  legacyMapsHeader?: string;
  /** Project headers (not system ones) that name legacy constructs: their maps and programs are part of the object too. */
  legacySources: ResolvedSource[];
  /** Legacy struct aliases the headers define (see HeaderSummary.legacyAliases). */
  legacyAliases: Map<string, 'elf' | 'mapdef'>;
  /** Names that declare legacy maps in a file that includes these headers: aliases and map macros. */
  legacyWords: Set<string>;
  /** Paths of the project headers among them that declare legacy maps themselves. */
  legacyMapHeaders: string[];
  /** Some header (system ones too) defines a macro whose body spells `"maps"` (iproute2's `ELF_SECTION_MAPS`). */
  spellsMapsSection: boolean;
}

/** Field names and order of `struct bpf_elf_map { ... }` and `struct bpf_map_def { ... }` definitions in a scanned text. */
export function structLayouts(text: string, path: string, scanned: Pick<ScanResult, 'statements' | 'directives'> = scan(text)): Map<string, StructLayout> {
  const out = new Map<string, StructLayout>();
  for (const st of scanned.statements) {
    if (!(st.triggers & (Trigger.elfMap | Trigger.mapDef)) || st.bodyStart < 0) continue;
    const head = text.slice(st.boundary, st.bodyStart).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ' ');
    const m = /\bstruct\s+(bpf_elf_map|bpf_map_def)\s*$/.exec(head.trim());
    if (!m) continue;
    const close = text.lastIndexOf('}', st.end);
    out.set(m[1], readStructBody(text, st.bodyStart, close, scanned.directives, path));
  }
  return out;
}

/**
 * The fields of the struct body `{ ... }` spanning [open, close]: read from its tree-sitter tree
 * (preprocessor lines blanked), each under the `#if` lines of the body that enclose it.
 */
function readStructBody(text: string, open: number, close: number, directives: readonly Directive[], path: string): StructLayout {
  const inside = directives.filter((d) => d.start > open && d.start < close);
  // `struct _ ` has the same length as nothing before `{`: tree positions are body offsets minus a constant.
  const prefix = 'struct _ ';
  const masked = prefix + maskRanges(text, open, close + 1, inside.map((d) => [d.start, d.end])) + ';';
  const root = parseC(masked).rootNode;
  const list = root.descendantsOfType('field_declaration_list')[0];
  const names: { name: string; at: number }[] = [];
  if (list) structFields(list, names);
  const fields: string[] = [];
  const conditional = new Set<string>();
  const conditions = new Map<string, [string, boolean][]>();
  // Open conditionals: [macro, defined?] for #ifdef/#ifndef, null for other tests.
  const stack: ([string, boolean] | null)[] = [];
  let d = 0;
  for (const { name, at } of names) {
    const offset = open + at - prefix.length;
    for (; d < inside.length && inside[d].start < offset; d++) applyConditional(stack, inside[d], text);
    fields.push(name);
    if (stack.length > 0) {
      conditional.add(name);
      if (stack.every((c) => c !== null)) conditions.set(name, stack.map((c) => [c![0], c![1]]));
    }
  }
  return { fields, conditional, conditions, path };
}

/** Follows one preprocessor line through the stack of open conditionals. */
function applyConditional(stack: ([string, boolean] | null)[], d: Directive, text: string): void {
  const macro = /^\s*#\s*\w+\s*([A-Za-z_]\w*)?/.exec(text.slice(d.start, d.end))?.[1];
  switch (d.kind) {
    case 'ifdef': case 'ifndef': stack.push(macro ? [macro, d.kind === 'ifdef'] : null); break;
    case 'if': stack.push(null); break;
    case 'else': { const top = stack.pop(); stack.push(top ? [top[0], !top[1]] : null); break; }
    case 'elif': stack.pop(); stack.push(null); break;
    case 'endif': stack.pop(); break;
    default: break;
  }
}

/** Names declared by the field declarations of a struct body, in order; C11 anonymous struct and union members count as the outer struct's. */
function structFields(list: SyntaxNode, out: { name: string; at: number }[]): void {
  for (const decl of list.namedChildren) {
    if (decl.type !== 'field_declaration') continue;
    const declarators = decl.childrenForFieldName('declarator');
    if (declarators.length === 0) {
      const type = decl.childForFieldName('type');
      const body = type && (type.type === 'struct_specifier' || type.type === 'union_specifier') ? type.childForFieldName('body') : null;
      if (body) structFields(body, out);
      continue;
    }
    for (const d of declarators) {
      const id = declaredName(d);
      if (id) out.push({ name: id.text, at: id.startIndex });
    }
  }
}

/** The identifier a declarator declares: `name`, `*name`, `name[4]`, `(*name)(void)`. */
export function declaredName(node: SyntaxNode): SyntaxNode | undefined {
  for (let n: SyntaxNode | null = node; n; ) {
    if (n.type === 'identifier' || n.type === 'field_identifier' || n.type === 'type_identifier') return n;
    n = n.type === 'parenthesized_declarator' ? n.namedChildren.find((c) => c.type !== 'comment') ?? null : n.childForFieldName('declarator');
  }
  return undefined;
}

export function summarise(path: string, text: string): HeaderSummary {
  const s = scan(text);
  return {
    path,
    scan: s,
    mentionsLegacy: mentionsLegacy(text),
    defines: s.defines,
    includes: s.includes.map((i) => ({ spec: i.spec, angled: i.angled })),
    definesPinEnum: text.includes('libbpf_pin_type') && /\benum\s+libbpf_pin_type\s*\{/.test(text),
    declaresHelperFunctions: declaresHelperFunctions(text) && !/bpf_helper_defs\.h$/.test(path),
    structs: text.includes('struct bpf_elf_map') || text.includes('struct bpf_map_def') ? structLayouts(text, path, s) : new Map(),
    legacyAliases: legacyAliases(text, s),
    callsMapMacros: /\b(?:__BPF_MAP|BPF_PROG_ARRAY|BPF_HASH|BPF_ARRAY\d*)\s*\(/.test(text)
      && s.statements.some((st) => /^(?:__BPF_MAP|BPF_PROG_ARRAY|BPF_HASH|BPF_ARRAY\d*)\s*\(/.test(text.slice(firstCodeChar(text, st.boundary, st.end), st.end))),
    mapMacros: s.defines.filter((d) => d.params !== null && /\b(bpf_elf_map|bpf_map_def|__BPF_MAP)\b/.test(d.body)).map((d) => d.name),
    declaresLegacyMaps: s.statements.some((st) => st.bodyStart < 0 && st.initStart >= 0 && st.triggers & (Trigger.elfMap | Trigger.mapDef)
      && /\bstruct\s+(bpf_elf_map|bpf_map_def)\b/.test(text.slice(st.boundary, st.initStart))),
  };
}

/** A name a top-level `typedef` declares. */
export interface TypedefName {
  name: string;
  /**
   * The type it names, on one line (`unsigned long long`, `struct bpf_elf_map`, `__u8[6]`,
   * `struct flow *`); undefined for declarators it does not spell out (function types).
   */
  type?: string;
}

/**
 * The names the file's top-level `typedef` declarations declare, read from the tree-sitter tree
 * of each such statement (preprocessor lines blanked). `mentioning`: only statements whose text
 * contains one of these words are parsed.
 */
export function readTypedefs(text: string, scanned: Pick<ScanResult, 'statements' | 'directives'>, mentioning?: readonly string[]): TypedefName[] {
  const out: TypedefName[] = [];
  let d = 0;
  for (const st of scanned.statements) {
    const start = firstCodeChar(text, st.boundary, st.end);
    if (!text.startsWith('typedef', start) || /\w/.test(text[start + 7] ?? '')) continue;
    if (mentioning && !mentioning.some((w) => text.slice(start, st.end).includes(w))) continue;
    while (d < scanned.directives.length && scanned.directives[d].start < start) d++;
    const inside: [number, number][] = [];
    for (let k = d; k < scanned.directives.length && scanned.directives[k].start < st.end; k++) inside.push([scanned.directives[k].start, scanned.directives[k].end]);
    const masked = maskRanges(text, start, st.end, inside);
    const def = parseC(masked).rootNode.namedChildren.find((n) => n.type === 'type_definition');
    if (!def) continue;
    const declarators = def.childrenForFieldName('declarator');
    if (declarators.length === 0) continue;
    // Everything between `typedef` and the first declarator: qualifiers and the type specifier.
    const base = normaliseType(masked.slice(def.firstChild!.endIndex, declarators[0].startIndex));
    for (const decl of declarators) {
      const id = declaredName(decl);
      if (id) out.push({ name: id.text, type: typedefType(base, decl, masked) });
    }
  }
  return out;
}

/** The type a typedef declarator gives its name: the base as it is, through one pointer, or as an array. */
function typedefType(base: string, decl: SyntaxNode, text: string): string | undefined {
  if (decl.type === 'type_identifier') return base;
  const inner = decl.childForFieldName('declarator');
  if (inner?.type !== 'type_identifier') return undefined;
  if (decl.type === 'pointer_declarator') return normaliseType(`${base} *`);
  const size = decl.childForFieldName('size');
  if (decl.type === 'array_declarator' && size) return normaliseType(`${base}[${text.slice(size.startIndex, size.endIndex)}]`);
  return undefined;
}

const LEGACY_STRUCT_WORDS = ['bpf_elf_map', 'bpf_map_def'];

/** Names a text gives the legacy structs, by typedef or object-like macro. */
export function legacyAliases(text: string, scanned: Pick<ScanResult, 'statements' | 'directives' | 'defines'>, typedefs?: readonly TypedefName[]): [string, 'elf' | 'mapdef'][] {
  const out: [string, 'elf' | 'mapdef'][] = [];
  if (!text.includes('bpf_elf_map') && !text.includes('bpf_map_def')) return out;
  for (const t of typedefs ?? readTypedefs(text, scanned, LEGACY_STRUCT_WORDS)) {
    const m = t.type === undefined ? null : /^struct (bpf_elf_map|bpf_map_def)$/.exec(t.type);
    if (m) out.push([t.name, m[1] === 'bpf_elf_map' ? 'elf' : 'mapdef']);
  }
  for (const d of scanned.defines) {
    const m = d.params === null ? /^struct\s+(bpf_elf_map|bpf_map_def)$/.exec(d.body.trim()) : null;
    if (m) out.push([d.name, m[1] === 'bpf_elf_map' ? 'elf' : 'mapdef']);
  }
  return out;
}

/** Declares libbpf-named helpers as old bpf_helpers.h copies did: `static void *(*bpf_map_lookup_elem)(...) = ...`. */
export function declaresHelperFunctions(text: string): boolean {
  if (!text.includes('*bpf_') && !text.includes('* bpf_')) return false;
  return /\(\s*\*\s*bpf_(map_lookup_elem|map_update_elem|tail_call|trace_printk|redirect)\s*\)\s*\(/.test(text);
}


/** What a file's project headers bring: names that declare legacy maps, and the headers that declare legacy maps themselves. */
export interface HeaderLook {
  words: RegExp[];
  mapHeaders: string[];
  /** Some project header of the file holds tail-call programs: they are compiled into the file's object. */
  tailCalls?: boolean;
  /** Some project header of the file names a prog array: objects may share it. */
  progArrays?: boolean;
}

/** Caches header summaries by path across files of one run. */
export class HeaderCache {
  private readonly summaries = new Map<string, HeaderSummary>();
  /** Facts by resolved include list: files side by side usually include the same headers. */
  readonly facts = new Map<string, HeaderFacts>();
  /** Each header's facts with everything it includes. */
  readonly closures = new Map<string, HeaderFacts>();

  /** Legacy words (as patterns) the headers of a directory and include list define: the pre-filter's second look. */
  readonly vocabulary = new Map<string, HeaderLook>();

  /** File models of project headers with legacy constructs, built when an includer asks (see FileModel.headerModels). */
  readonly models = new Map<string, unknown>();

  /** Every macro name some header read so far defines: lookups of other names need no search. */
  readonly macroNames = new Set<string>();

  private readonly texts = new Map<string, string>();

  /**
   * Keeps `value` for `key` in one of the caches by include list, which may hold as many entries
   * as the run has files: the oldest goes once there are BY_INCLUDES_LIMIT, so memory stays bounded.
   */
  remember<V>(map: Map<string, V>, key: string, value: V): void {
    if (map.size >= BY_INCLUDES_LIMIT) map.delete(map.keys().next().value as string);
    map.set(key, value);
  }

  /** A header's summary; a header whose text changed (an editor buffer) throws away what was built on it. */
  get(source: ResolvedSource): HeaderSummary {
    let s = this.summaries.get(source.path);
    if (s && this.texts.get(source.path) !== source.text) {
      this.summaries.clear();
      this.texts.clear();
      this.facts.clear();
      this.closures.clear();
      this.models.clear();
      this.vocabulary.clear();
      s = undefined;
    }
    if (!s) {
      this.texts.set(source.path, source.text);
      s = summarise(source.path, source.text);
      for (const d of s.defines) this.macroNames.add(d.name);
      this.summaries.set(source.path, s);
    }
    return s;
  }
}

const BPF_HELPERS = /(^|\/)bpf\/bpf_helpers\.h$/;

/** Entries of a cache by include list (HeaderCache.remember): far more than a directory's objects have. */
const BY_INCLUDES_LIMIT = 512;

/**
 * Follows the file's includes transitively and gathers what they define. Conditionals in
 * headers are not evaluated: a name defined anywhere in a header counts as provided.
 */
export function headerFacts(
  includes: { spec: string; angled: boolean }[],
  fromPath: string | undefined,
  provider: SourceProvider | undefined,
  cache: HeaderCache,
): HeaderFacts {
  // Keyed by what the includes resolve to: files in different directories often share headers.
  const key = includes.map((i) => provider?.resolveInclude(i.spec, i.angled, fromPath)?.path ?? `?${i.spec}`).join('\0');
  const hit = cache.facts.get(key);
  if (hit) return hit;
  const facts = computeHeaderFacts(includes, fromPath, provider, cache);
  cache.remember(cache.facts, key, facts);
  return facts;
}

/**
 * A header's facts together with everything it includes, computed once per header and shared:
 * a file's facts are then a cheap combination of its direct includes' closures.
 */
function closureOf(resolved: ResolvedSource, provider: SourceProvider | undefined, cache: HeaderCache, stack: Set<string>): HeaderFacts {
  const cached = cache.closures.get(resolved.path);
  if (cached) return cached;
  const sum = cache.get(resolved);
  stack.add(resolved.path);
  let includesBpfHelpers = Boolean(resolved.system) && BPF_HELPERS.test(resolved.path);
  const children = sum.includes.flatMap((inc): (HeaderFacts | { unresolved: string })[] => {
    const r = provider?.resolveInclude(inc.spec, inc.angled, resolved.path);
    // libbpf's header where it cannot be read: what it gives is known.
    if (!r && inc.angled && BPF_HELPERS.test(inc.spec)) { includesBpfHelpers = true; return []; }
    if (!r) return resolved.system ? [] : [{ unresolved: inc.spec }];
    // An include cycle (guarded by #ifndef in real headers) contributes nothing the second time.
    return stack.has(r.path) || stack.size > 32 ? [] : [closureOf(r, provider, cache, stack)];
  });
  stack.delete(resolved.path);
  const facts = combine(children, includesBpfHelpers, cache);
  const own = new MacroTable([facts.macros], cache.macroNames);
  for (const d of sum.defines) {
    own.add(d);
    if ((HELPER_NAMES as readonly string[]).includes(d.name)) facts.provided.add(d.name as HelperName);
  }
  facts.macros = own;
  if (sum.defines.some((d) => d.body.includes('"maps"'))) facts.spellsMapsSection = true;
  if (sum.definesPinEnum) facts.provided.add('LIBBPF_PIN_BY_NAME');
  const base = resolved.path.replace(/^.*\//, '');
  if (sum.declaresHelperFunctions && !resolved.system) facts.helperConflict = base;
  if (!resolved.system && sum.defines.some((d) => d.name === '__BPF_HELPERS__') && !facts.provided.has('__uint')) facts.guardCollision ??= base;
  if (!resolved.system && sum.declaresLegacyMaps) facts.legacyMapsHeader ??= base;
  if (!resolved.system && (sum.declaresLegacyMaps || sum.callsMapMacros)) facts.legacyMapHeaders = [resolved.path, ...facts.legacyMapHeaders.filter((p) => p !== resolved.path)];
  if (!resolved.system && sum.mentionsLegacy) facts.legacySources = [resolved, ...facts.legacySources];
  if (!resolved.system) {
    for (const [name, kind] of sum.legacyAliases) { facts.legacyAliases.set(name, kind); facts.legacyWords.add(name); }
    for (const name of sum.mapMacros) facts.legacyWords.add(name);
    // A project macro built on another map macro (`DEFINE_MAP(n)` -> `BPF_HASH(n, ...)`) declares maps too.
    for (const d of sum.defines) {
      if (d.params !== null && !facts.legacyWords.has(d.name) && (d.body.match(/[A-Za-z_]\w*/g) ?? []).some((w) => facts.legacyWords.has(w))) facts.legacyWords.add(d.name);
    }
  }
  for (const [name, layout] of sum.structs) facts.structs.set(name, layout);
  cache.closures.set(resolved.path, facts);
  return facts;
}

/** Facts of several includes together; the first one to define a name wins, as the preprocessor sees it. */
function combine(parts: (HeaderFacts | { unresolved: string })[], includesBpfHelpers: boolean, cache: HeaderCache): HeaderFacts {
  const facts: HeaderFacts = {
    macros: new MacroTable(), provided: new Set(), includesBpfHelpers, structs: new Map(), unresolved: [], legacySources: [],
    legacyAliases: new Map(), legacyWords: new Set(), legacyMapHeaders: [], spellsMapsSection: false,
  };
  const tables: MacroTable[] = [];
  for (const p of parts) {
    if ('unresolved' in p && typeof p.unresolved === 'string') { if (!facts.unresolved.includes(p.unresolved)) facts.unresolved.push(p.unresolved); continue; }
    const f = p as HeaderFacts;
    tables.push(f.macros);
    for (const n of f.provided) facts.provided.add(n);
    facts.includesBpfHelpers ||= f.includesBpfHelpers;
    facts.helperConflict ??= f.helperConflict;
    facts.guardCollision ??= f.guardCollision;
    facts.legacyMapsHeader ??= f.legacyMapsHeader;
    for (const [k, v] of f.structs) if (!facts.structs.has(k)) facts.structs.set(k, v);
    // Each header once: a header included by many others is one unknown, not hundreds.
    for (const u of f.unresolved) if (!facts.unresolved.includes(u)) facts.unresolved.push(u);
    for (const src of f.legacySources) if (!facts.legacySources.some((x) => x.path === src.path)) facts.legacySources.push(src);
    for (const [k, v] of f.legacyAliases) if (!facts.legacyAliases.has(k)) facts.legacyAliases.set(k, v);
    for (const w of f.legacyWords) facts.legacyWords.add(w);
    for (const h of f.legacyMapHeaders) if (!facts.legacyMapHeaders.includes(h)) facts.legacyMapHeaders.push(h);
    if (f.spellsMapsSection) facts.spellsMapsSection = true;
  }
  facts.macros = new MacroTable(tables, cache.macroNames);
  return facts;
}

function computeHeaderFacts(
  includes: { spec: string; angled: boolean }[],
  fromPath: string | undefined,
  provider: SourceProvider | undefined,
  cache: HeaderCache,
): HeaderFacts {
  let includesBpfHelpers = false;
  const parts = includes.flatMap((inc) => {
    const r = provider?.resolveInclude(inc.spec, inc.angled, fromPath);
    if (!r && inc.angled && BPF_HELPERS.test(inc.spec)) { includesBpfHelpers = true; return []; }
    return [r ? closureOf(r, provider, cache, new Set()) : { unresolved: inc.spec }];
  });
  return combine(parts, includesBpfHelpers, cache);
}
