/**
 * What a file's headers give it: macros, the BTF-map helper names, and the layout of the
 * legacy structs. Headers are read through a SourceProvider (the core never touches the
 * file system) and summarised once per path.
 */
import { scan, Trigger, type MacroDef } from './scan.js';
import { addMacro, type MacroTable } from './cexpr.js';

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
}

export const LEGACY_STRUCTS = ['bpf_elf_map', 'bpf_map_def'];

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
  let depth = 0;
  const clean = body.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ' ');
  let pending = '';
  for (const line of clean.split('\n')) {
    const directive = /^\s*#\s*(\w+)/.exec(line);
    if (directive) {
      if (/^if/.test(directive[1])) depth++;
      else if (directive[1] === 'endif') depth = Math.max(0, depth - 1);
      continue;
    }
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
        if (depth > 0) conditional.add(name);
      });
      semi = pending.indexOf(';');
    }
  }
  return { fields, conditional, path };
}

export function summarise(path: string, text: string): HeaderSummary {
  const s = scan(text);
  return {
    path,
    defines: s.defines,
    includes: s.includes.map((i) => ({ spec: i.spec, angled: i.angled })),
    definesPinEnum: /\benum\s+libbpf_pin_type\s*\{/.test(text),
    declaresHelperFunctions: /\(\s*\*\s*bpf_(map_lookup_elem|map_update_elem|tail_call|trace_printk|redirect)\s*\)\s*\(/.test(text) && !/bpf_helper_defs\.h$/.test(path),
    structs: text.includes('struct bpf_elf_map') || text.includes('struct bpf_map_def') ? structLayouts(text, path, s.statements) : new Map(),
  };
}

/** Caches header summaries by path across files of one run. */
export class HeaderCache {
  private readonly summaries = new Map<string, HeaderSummary>();
  /** Facts by (directory, include list): files side by side usually include the same headers. */
  readonly facts = new Map<string, HeaderFacts>();

  get(source: ResolvedSource): HeaderSummary {
    let s = this.summaries.get(source.path);
    if (!s) {
      s = summarise(source.path, source.text);
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
  const key = `${fromPath ? fromPath.replace(/[^/]*$/, '') : ''}\0${includes.map((i) => (i.angled ? '<' : '"') + i.spec).join('\0')}`;
  const hit = cache.facts.get(key);
  if (hit) return hit;
  const facts = computeHeaderFacts(includes, fromPath, provider, cache);
  cache.facts.set(key, facts);
  return facts;
}

function computeHeaderFacts(
  includes: { spec: string; angled: boolean }[],
  fromPath: string | undefined,
  provider: SourceProvider | undefined,
  cache: HeaderCache,
): HeaderFacts {
  const macros: MacroTable = new Map();
  const provided = new Set<HelperName>();
  const structs = new Map<string, StructLayout>();
  const unresolved: string[] = [];
  let includesBpfHelpers = false;
  let helperConflict: string | undefined;
  const seen = new Set<string>();

  const visit = (incs: { spec: string; angled: boolean }[], from: string | undefined, depth: number, fromSystem: boolean) => {
    for (const inc of incs) {
      if (BPF_HELPERS.test(inc.spec)) includesBpfHelpers = true;
      const resolved = provider?.resolveInclude(inc.spec, inc.angled, from);
      if (!resolved) {
        if (!fromSystem) unresolved.push(inc.spec);
        continue;
      }
      if (seen.has(resolved.path)) continue;
      seen.add(resolved.path);
      if (BPF_HELPERS.test(resolved.path)) includesBpfHelpers = true;
      const sum = cache.get(resolved);
      for (const d of sum.defines) {
        addMacro(macros, d);
        if ((HELPER_NAMES as readonly string[]).includes(d.name)) provided.add(d.name as HelperName);
      }
      if (sum.definesPinEnum) provided.add('LIBBPF_PIN_BY_NAME');
      if (sum.declaresHelperFunctions && !resolved.system) helperConflict ??= inc.spec;
      for (const [name, layout] of sum.structs) if (!structs.has(name)) structs.set(name, layout);
      if (depth < 24) visit(sum.includes, resolved.path, depth + 1, resolved.system === true);
    }
  };
  visit(includes, fromPath, 0, false);
  return { macros, provided, includesBpfHelpers, structs, unresolved, helperConflict };
}
