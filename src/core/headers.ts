/**
 * What a file's headers give it: macros, the BTF-map helper names, and the layout of the
 * legacy structs. Headers are read through a SourceProvider (the core never touches the
 * file system) and summarised once per path.
 */
import { firstCodeChar, mentionsLegacy, scan, Trigger, type MacroDef } from './scan.js';
import { MacroTable } from './cexpr.js';

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
}

/** Field names and order of `struct NAME { ... }` definitions found in a scanned text. */
export function structLayouts(text: string, path: string, statements = scan(text).statements): Map<string, StructLayout> {
  const out = new Map<string, StructLayout>();
  for (const st of statements) {
    if (!(st.triggers & (Trigger.elfMap | Trigger.mapDef)) || st.bodyStart < 0) continue;
    const head = text.slice(st.boundary, st.bodyStart).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ' ');
    const m = /\bstruct\s+(bpf_elf_map|bpf_map_def)\s*$/.exec(head.trim());
    if (!m) continue;
    const close = text.lastIndexOf('}', st.end);
    const body = text.slice(st.bodyStart + 1, close);
    out.set(m[1], parseStructBody(body, path));
  }
  return out;
}

function parseStructBody(body: string, path: string): StructLayout {
  const fields: string[] = [];
  const conditional = new Set<string>();
  const conditions = new Map<string, [string, boolean][]>();
  // Open conditionals: [macro, defined?] for #ifdef/#ifndef, null for other tests.
  const stack: ([string, boolean] | null)[] = [];
  const clean = body.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ' ');
  let pending = '';
  for (const line of clean.split('\n')) {
    const directive = /^\s*#\s*(\w+)\s*([A-Za-z_]\w*)?/.exec(line);
    if (directive) {
      const kind = directive[1];
      if (kind === 'ifdef' || kind === 'ifndef') stack.push(directive[2] ? [directive[2], kind === 'ifdef'] : null);
      else if (/^if/.test(kind)) stack.push(null);
      else if (kind === 'else') { const top = stack.pop(); stack.push(top ? [top[0], !top[1]] : null); }
      else if (kind === 'elif') { stack.pop(); stack.push(null); }
      else if (kind === 'endif') stack.pop();
      continue;
    }
    const depth = stack.length;
    pending += ' ' + line;
    let semi = pending.indexOf(';');
    while (semi >= 0) {
      const decl = pending.slice(0, semi).trim();
      pending = pending.slice(semi + 1);
      const parts = decl.split(',');
      parts.forEach((part, i) => {
        const words = part.trim().replace(/\[.*?\]/g, '').replace(/:\s*\d+$/, '').match(/[A-Za-z_]\w*/g) ?? [];
        if (words.length === 0 || (i === 0 && words.length < 2)) return;
        const name = words[words.length - 1];
        fields.push(name);
        if (depth > 0) {
          conditional.add(name);
          if (stack.every((c) => c !== null)) conditions.set(name, stack.map((c) => [c![0], c![1]]));
        }
      });
      semi = pending.indexOf(';');
    }
  }
  return { fields, conditional, conditions, path };
}

export function summarise(path: string, text: string): HeaderSummary {
  const s = scan(text);
  return {
    path,
    defines: s.defines,
    includes: s.includes.map((i) => ({ spec: i.spec, angled: i.angled })),
    definesPinEnum: text.includes('libbpf_pin_type') && /\benum\s+libbpf_pin_type\s*\{/.test(text),
    declaresHelperFunctions: declaresHelperFunctions(text) && !/bpf_helper_defs\.h$/.test(path),
    structs: text.includes('struct bpf_elf_map') || text.includes('struct bpf_map_def') ? structLayouts(text, path, s.statements) : new Map(),
    legacyAliases: legacyAliases(text, s.defines),
    callsMapMacros: /\b(?:__BPF_MAP|BPF_PROG_ARRAY|BPF_HASH|BPF_ARRAY\d*)\s*\(/.test(text)
      && s.statements.some((st) => /^(?:__BPF_MAP|BPF_PROG_ARRAY|BPF_HASH|BPF_ARRAY\d*)\s*\(/.test(text.slice(firstCodeChar(text, st.boundary, st.end), st.end))),
    mapMacros: s.defines.filter((d) => d.params !== null && /\b(bpf_elf_map|bpf_map_def|__BPF_MAP)\b/.test(d.body)).map((d) => d.name),
    declaresLegacyMaps: s.statements.some((st) => st.bodyStart < 0 && st.initStart >= 0 && st.triggers & (Trigger.elfMap | Trigger.mapDef)
      && /\bstruct\s+(bpf_elf_map|bpf_map_def)\b/.test(text.slice(st.boundary, st.initStart))),
  };
}

const TYPEDEF_ALIAS = /\btypedef\s+struct\s+(bpf_elf_map|bpf_map_def)\s+([A-Za-z_]\w*)\s*;/g;

/** Names a text gives the legacy structs, by typedef or object-like macro. */
export function legacyAliases(text: string, defines: MacroDef[]): [string, 'elf' | 'mapdef'][] {
  const out: [string, 'elf' | 'mapdef'][] = [];
  if (!text.includes('bpf_elf_map') && !text.includes('bpf_map_def')) return out;
  for (const m of text.matchAll(TYPEDEF_ALIAS)) out.push([m[2], m[1] === 'bpf_elf_map' ? 'elf' : 'mapdef']);
  for (const d of defines) {
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
  cache.facts.set(key, facts);
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
  if (sum.definesPinEnum) facts.provided.add('LIBBPF_PIN_BY_NAME');
  const base = resolved.path.replace(/^.*\//, '');
  if (sum.declaresHelperFunctions && !resolved.system) facts.helperConflict = base;
  if (!resolved.system && sum.defines.some((d) => d.name === '__BPF_HELPERS__') && !facts.provided.has('__uint')) facts.guardCollision ??= base;
  if (!resolved.system && sum.declaresLegacyMaps) facts.legacyMapsHeader ??= base;
  if (!resolved.system && (sum.declaresLegacyMaps || sum.callsMapMacros)) facts.legacyMapHeaders = [resolved.path, ...facts.legacyMapHeaders.filter((p) => p !== resolved.path)];
  if (!resolved.system && mentionsLegacy(resolved.text)) facts.legacySources = [resolved, ...facts.legacySources];
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
    legacyAliases: new Map(), legacyWords: new Set(), legacyMapHeaders: [],
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
