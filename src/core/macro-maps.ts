/**
 * Maps declared through a project macro: iproute2's `bpf_api.h` has `BPF_PROG_ARRAY(NAME, ID,
 * PIN, MAX)`, `BPF_HASH(...)`, `BPF_ARRAY4(...)`, all built on `__BPF_MAP(...)`, which
 * expands to `struct bpf_elf_map __section_maps NAME = { ... }`. Such a map is as legacy as
 * one written out. It is found here, and expanded one macro at a time (arguments as written,
 * other macros left alone) into the declaration it stands for, which the map rules can read.
 */
import { firstCodeChar, type TopStatement } from './scan.js';
import { tokenize, type MacroTable } from './cexpr.js';

export interface MacroMapUse {
  /** The declarator: the first macro argument, as written. */
  name: string;
  /** The macro invoked (`BPF_PROG_ARRAY`). */
  macro: string;
  /** The struct the macro declares. */
  kind: 'elf' | 'mapdef';
  /** The invocation, without its `;`. */
  start: number;
  end: number;
  /** The legacy declaration it stands for, or undefined with `problem` when it cannot be written out. */
  expansion?: string;
  problem?: string;
}

const LEGACY_STRUCT = /\b(?:bpf_elf_map|bpf_map_def)\b/;
const INVOCATION = /^([A-Za-z_]\w*)\s*\(([\s\S]*)\)\s*;$/;

const declaring = new WeakMap<MacroTable, Map<string, boolean>>();

/** A function-like macro whose body declares a legacy map, directly or through another such macro it starts with. */
export function declaresLegacyMap(name: string, macros: MacroTable, depth = 0): boolean {
  let memo = declaring.get(macros);
  if (!memo) { memo = new Map(); declaring.set(macros, memo); }
  const known = memo.get(name);
  if (known !== undefined) return known;
  const def = macros.get(name);
  let result = false;
  if (def && def.params !== null && depth < 8) {
    if (LEGACY_STRUCT.test(def.body)) result = true;
    else {
      const head = /^\s*([A-Za-z_]\w*)\s*\(/.exec(def.body);
      result = head !== null && head[1] !== name && declaresLegacyMap(head[1], macros, depth + 1);
    }
  }
  memo.set(name, result);
  return result;
}

/** Top-level statements of the form `MACRO(args);` where MACRO declares a legacy map. */
/**
 * iproute2's map macros by their number of arguments. When a header cannot be read, a call of
 * one of these names with exactly this many arguments is taken as one of them (BCC has macros
 * of the same names with fewer arguments), so that the map is reported instead of unseen.
 */
const IPROUTE2_MAP_MACROS: Record<string, number> = {
  __BPF_MAP: 7, BPF_HASH: 6, BPF_ARRAY: 5, BPF_ARRAY2: 4, BPF_ARRAY4: 4, BPF_ARRAY8: 4, BPF_PROG_ARRAY: 4,
};

export function findMacroMaps(
  text: string, statements: TopStatement[], macros: MacroTable, indentUnit: () => string, headersIncomplete = false,
): MacroMapUse[] {
  const out: MacroMapUse[] = [];
  for (const st of statements) {
    if (st.bodyStart >= 0 || st.initStart >= 0 || !endsWithCallAndSemicolon(text, st.end)) continue;
    const start = firstCodeChar(text, st.boundary, st.end);
    const m = INVOCATION.exec(text.slice(start, st.end));
    if (!m) continue;
    const end = text.lastIndexOf(';', st.end);
    if (!declaresLegacyMap(m[1], macros)) {
      const arity = IPROUTE2_MAP_MACROS[m[1]];
      if (headersIncomplete && arity !== undefined && !macros.has(m[1]) && splitTopLevel(tokenize(m[2]) ?? []).length === arity) {
        const name = /^\s*([A-Za-z_]\w*)\s*,/.exec(m[2])?.[1] ?? m[1];
        out.push({ name, macro: m[1], kind: 'elf', start, end, problem: `${m[1]} comes from a header bpf-migrate cannot read; pass its directory with -I` });
      }
      continue;
    }
    const argTokens = /\/[*/]/.test(m[2]) ? undefined : tokenize(m[2]);
    const name = /^\s*([A-Za-z_]\w*)\s*(?:,|$)/.exec(m[2])?.[1];
    const use: MacroMapUse = { name: name ?? m[1], macro: m[1], kind: /\bbpf_map_def\b/.test(chainBody(m[1], macros)) ? 'mapdef' : 'elf', start, end };
    // Comments inside the call would be lost in the written-out declaration: such calls stay.
    const expanded = !argTokens ? 'its arguments hold comments or tokens it does not read'
      : !name ? 'its first argument is not a plain name'
        : expandDeclaration(m[1], m[2], macros);
    if (expanded === NOT_A_DEFINITION) continue;
    if (typeof expanded === 'string') use.problem = expanded;
    else use.expansion = renderDeclaration(expanded, indentUnit(), text.includes('\r\n') ? '\r\n' : '\n');
    out.push(use);
  }
  return out;
}

/** The bodies of a macro and of the macros it starts with, for telling which struct it declares. */
function chainBody(name: string, macros: MacroTable): string {
  let out = '';
  let at: string | undefined = name;
  for (let i = 0; at && i < 8; i++) {
    const body: string = macros.get(at)?.body ?? '';
    out += body + '\n';
    at = /^\s*([A-Za-z_]\w*)\s*\(/.exec(body)?.[1];
  }
  return out;
}

/** `...);` at the end of a statement: a cheap test before slicing it (most declarations are not calls). */
function endsWithCallAndSemicolon(text: string, end: number): boolean {
  let i = end - 2;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return text.charCodeAt(i) === 41;
}

function splitTopLevel(tokens: string[]): string[][] {
  const out: string[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t === '(' || t === '[' || t === '{') depth++;
    if (t === ')' || t === ']' || t === '}') depth--;
    if (t === ',' && depth === 0) { out.push([]); continue; }
    out[out.length - 1].push(t);
  }
  return out;
}

interface Declaration { head: string[]; items: string[][] }

/** An expansion that declares no map (a pointer, an extern): not reported. */
const NOT_A_DEFINITION = '';

/**
 * Expands the leading map-declaring macro until the tokens are a declaration
 * `... struct bpf_elf_map ... NAME = { items }`. Returns why not, as a string, when it cannot.
 */
function expandDeclaration(macro: string, argsText: string, macros: MacroTable): Declaration | string {
  const read = tokenize(`${macro}(${argsText})`);
  if (!read) return 'its arguments cannot be read';
  let tokens: string[] = read;
  for (let round = 0; round < 8; round++) {
    const head: string = tokens[0];
    if (!declaresLegacyMap(head, macros)) break;
    const def = macros.get(head)!;
    if (def.ambiguous) return `${head} is defined more than once`;
    if (tokens[1] !== '(') return `${head} is not invoked with arguments`;
    let depth = 0;
    let close = -1;
    for (let i = 1; i < tokens.length; i++) {
      if (tokens[i] === '(') depth++;
      else if (tokens[i] === ')' && --depth === 0) { close = i; break; }
    }
    if (close < 0) return 'its parentheses do not balance';
    const args = splitTopLevel(tokens.slice(2, close));
    const params: string[] = def.params!;
    // `MAP(name, ...)`: the arguments past the named ones are __VA_ARGS__ (or `args` for GNU's `args...`), commas kept.
    const last = params[params.length - 1];
    const variadic = last !== undefined && last.endsWith('...');
    const named = variadic ? params.slice(0, -1) : params;
    if (variadic ? args.length < named.length : args.length !== params.length && !(params.length === 0 && args.length === 1 && args[0].length === 0)) {
      return `${head} takes ${variadic ? `at least ${named.length}` : params.length} arguments, not ${args.length}`;
    }
    const body = tokenize(def.body);
    if (!body) return `the body of ${head} cannot be read`;
    if (body.includes('#') || body.includes('##')) return `${head} pastes or stringifies its arguments`;
    const byName = new Map<string, string[]>(named.map((p, k) => [p, args[k]]));
    if (variadic) byName.set(last === '...' ? '__VA_ARGS__' : last.slice(0, -3).trim(), args.slice(named.length).flatMap((a, k) => (k === 0 ? a : [',', ...a])));
    tokens = [...body.flatMap((b): string[] => byName.get(b) ?? [b]), ...tokens.slice(close + 1)];
  }
  const eq = tokens.indexOf('=');
  const structAt = tokens.findIndex((t, i) => t === 'struct' && LEGACY_STRUCT.test(tokens[i + 1] ?? ''));
  const head = tokens.slice(0, eq < 0 ? tokens.length : eq);
  // Pointers, arrays, extern and typedef declarations define no map.
  if (structAt < 0 || eq < 0 || head.some((t) => t === '*' || t === '[' || t === 'extern' || t === 'typedef')) return NOT_A_DEFINITION;
  if (eq < structAt || tokens[eq + 1] !== '{' || tokens[tokens.length - 1] !== '}') {
    return 'its expansion is not a map declaration with a brace initializer';
  }
  const items = splitTopLevel(tokens.slice(eq + 2, -1)).filter((item) => item.length > 0);
  return { head: tokens.slice(0, eq), items };
}

const UNARY_AFTER = new Set(['(', '[', ',', '=', 'return', '?', ':', '+', '-', '*', '/', '%', '&', '|', '^', '!', '~', '<<', '>>', '<', '>', '<=', '>=', '==', '!=', '&&', '||']);

/** C tokens back to text the way people write them: `sizeof(__u32)`, `(TYPE)`, `a + b`, `-1`. */
export function joinTokens(tokens: string[]): string {
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const prev = tokens[i - 1];
    if (prev !== undefined && spaced(prev, t, tokens[i - 2])) out += ' ';
    out += t;
  }
  return out;
}

function spaced(prev: string, t: string, beforePrev: string | undefined): boolean {
  if (t === ')' || t === ']' || t === ',' || t === ';' || t === '.' || t === '->' || t === '[') return false;
  if (prev === '(' || prev === '[' || prev === '.' || prev === '->' || prev === '!' || prev === '~') return false;
  if (t === '(' && /^[A-Za-z_]\w*$/.test(prev)) return false;
  // A sign or dereference right after an operator or an opening: `-1`, `(*p)`.
  if ((prev === '-' || prev === '+' || prev === '*' || prev === '&') && (beforePrev === undefined || UNARY_AFTER.has(beforePrev))) return false;
  return true;
}

/** Drops parentheses around a whole value that is one token or one call: `(TYPE)` → `TYPE`. */
function unwrap(value: string[]): string[] {
  if (value.length < 3 || value[0] !== '(' || value[value.length - 1] !== ')') return value;
  let depth = 0;
  for (let i = 0; i < value.length - 1; i++) {
    if (value[i] === '(') depth++;
    else if (value[i] === ')') depth--;
    if (depth === 0) return value;
  }
  const inner = value.slice(1, -1);
  const simple = inner.length === 1
    || (/^[A-Za-z_]\w*$/.test(inner[0]) && inner[1] === '(' && inner[inner.length - 1] === ')' && matchingClose(inner, 1) === inner.length - 1);
  return simple ? inner : value;
}

function matchingClose(tokens: string[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i] === '(') depth++;
    else if (tokens[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

function renderDeclaration(d: Declaration, indent: string, eol: string): string {
  const items = d.items.map((item) => {
    if (item[0] === '.' && item[2] === '=') return `.${item[1]} = ${joinTokens(unwrap(item.slice(3)))}`;
    return joinTokens(unwrap(item));
  });
  return `${joinTokens(d.head)} = {${eol}${items.map((i) => `${indent}${i},${eol}`).join('')}}`;
}
