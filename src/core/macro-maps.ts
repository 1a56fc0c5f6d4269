/**
 * Maps declared through project macros. iproute2's `bpf_api.h` has `BPF_PROG_ARRAY(NAME, ID,
 * PIN, MAX)`, `BPF_HASH(...)`, `BPF_ARRAY4(...)`, all built on `__BPF_MAP(...)`; BCC-style
 * trees wrap `struct bpf_map_def SEC("maps")` in `BPF_HASH(name, key_t, value_t, size)`;
 * projects write their own, variadic, pasting (`NAME##_map`), counting (`__COUNTER__`),
 * declaring two maps at once, or standing for the initializer (`m = MY_MAP();`). Such a map is
 * as legacy as one written out. Each use is expanded as the preprocessor would into the
 * declarations it stands for, written out for the map rules to read.
 */
import { reachQuery } from './macro-reach.js';
import { firstCodeChar, type ScanResult, type TopStatement } from './scan.js';
import { expandText, tokenize, type MacroTable, type PpToken } from './cexpr.js';
import { codeOf, CounterTrack, mentionsCounter, reachesCounter, type CounterSource } from './macro-counter.js';

export interface MacroMapUse {
  /** The first map's declarator, as the expansion spells it. */
  name: string;
  /** Every map the use declares, in order. */
  names: string[];
  /** The macro invoked (`BPF_PROG_ARRAY`, `MY_HOOK_MAP`). */
  macro: string;
  /** The struct the macro declares. */
  kind: 'elf' | 'mapdef';
  /** The text the written-out form replaces: the invocation without its `;`, or the initializer macro. */
  start: number;
  end: number;
  /** The legacy declarations it stands for, or undefined with `problem` when they cannot be written out. */
  expansion?: string;
  problem?: string;
  /** The expansion reads `__COUNTER__`: it is written out with the value clang gives there. */
  counts?: boolean;
}

const LEGACY_STRUCT = /\b(?:bpf_elf_map|bpf_map_def)\b/;
const INVOCATION = /^([A-Za-z_]\w*)\s*\(([\s\S]*)\)\s*;$/;
/** `HEAD = MACRO;` or `HEAD = MACRO(...);` with no brace initializer: the initializer comes out of a macro. */
const INITIALIZER_MACRO = /^([\s\S]*?)=\s*([A-Za-z_]\w*)(\s*\([\s\S]*\))?\s*;$/;

/**
 * Whether expanding `name` may produce a legacy map struct: its body names one, an alias of
 * one, or a macro that does (followed through every name in the body, as the rescan does).
 */
const producesLegacyStruct = reachQuery((def) => LEGACY_STRUCT.test(def.body));

export function declaresLegacyMap(name: string, macros: MacroTable, aliases?: ReadonlyMap<string, unknown>): boolean {
  return producesLegacyStruct(name, macros, aliases && ((w) => aliases.has(w)));
}

/**
 * iproute2's map macros by their number of arguments. When a header cannot be read, a call of
 * one of these names with exactly this many arguments is taken as one of them (BCC has macros
 * of the same names with fewer arguments), so that the map is reported instead of unseen.
 */
const IPROUTE2_MAP_MACROS: Record<string, number> = {
  __BPF_MAP: 7, BPF_HASH: 6, BPF_ARRAY: 5, BPF_ARRAY2: 4, BPF_ARRAY4: 4, BPF_ARRAY8: 4, BPF_PROG_ARRAY: 4,
};

export interface MacroMapContext extends CounterSource {
  statements: TopStatement[];
  scan: ScanResult;
  indentUnit: () => string;
  headersIncomplete: boolean;
  /** Other names of the legacy structs (typedefs, object-like macros). */
  aliases?: ReadonlyMap<string, 'elf' | 'mapdef'>;
}

/** Top-level statements that declare legacy maps through a macro: `MACRO(args);`, or `HEAD = MACRO(...);`. */
export function findMacroMaps(ctx: MacroMapContext): MacroMapUse[] {
  const { text, macros } = ctx;
  const out: MacroMapUse[] = [];
  const counter = new CounterTrack(ctx);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  for (const st of ctx.statements) {
    if (st.bodyStart >= 0 || st.initStart >= 0 || !endsLikeMacroUse(text, st.end)) continue;
    const start = firstCodeChar(text, st.boundary, st.end);
    const statement = text.slice(start, st.end);
    const call = INVOCATION.exec(statement);
    const init = call ? undefined : INITIALIZER_MACRO.exec(statement);
    if (call) {
      if (!declaresLegacyMap(call[1], macros, ctx.aliases)) {
        const arity = IPROUTE2_MAP_MACROS[call[1]];
        if (ctx.headersIncomplete && arity !== undefined && !macros.has(call[1]) && splitTopLevel(tokenize(call[2]) ?? []).length === arity) {
          const name = /^\s*([A-Za-z_]\w*)\s*,/.exec(call[2])?.[1] ?? call[1];
          out.push({ name, names: [name], macro: call[1], kind: 'elf', start, end: text.lastIndexOf(';', st.end), problem: `${call[1]} comes from a header bpf-migrate cannot read; pass its directory with -I` });
        }
        continue;
      }
      const use = writeOut(statement.slice(0, statement.lastIndexOf(';')), call[1], start, 'declarations', ctx, counter, eol);
      if (use) out.push(use);
    } else if (init && macros.has(init[2]) && (LEGACY_STRUCT.test(init[1]) || [...(ctx.aliases?.keys() ?? [])].some((a) => new RegExp(`\\b${a}\\b`).test(init[1])))) {
      const at = start + init[0].indexOf(init[2], init[1].length + 1);
      const use = writeOut(text.slice(at, text.lastIndexOf(';', st.end)), init[2], at, 'initializer', ctx, counter, eol, init[1]);
      if (use) out.push(use);
    }
  }
  // Values of __COUNTER__ written out stop counting: a later use that stays would get other values.
  const counting = out.filter((u) => u.counts);
  if (counting.length > 0) {
    const firstAt = counting[0].start;
    const stays = ctx.statements.find((st) => st.boundary >= firstAt && !out.some((u) => u.start >= st.boundary && u.start < st.end)
      && mentionsCounter(codeOf(text.slice(st.boundary, st.end)), macros));
    if (stays) {
      for (const u of counting) {
        u.expansion = undefined;
        u.problem = `it reads __COUNTER__, and code below it that stays (line ${lineOf(text, firstCodeChar(text, stays.boundary, stays.end))}) reads it too: written out, the later values would change`;
      }
    }
  }
  return out;
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** `...);` or `... = NAME;` at the end of a statement: a cheap test before slicing it (most declarations are neither). */
function endsLikeMacroUse(text: string, end: number): boolean {
  let i = end - 2;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return text.charCodeAt(i) === 41 || /\w/.test(text[i]);
}

/**
 * Expands one use. `declarations`: the text is a whole statement (without its `;`) that must
 * become one or more map declarations. `initializer`: the text is the initializer of a
 * declaration whose head is `head`, and must become a brace list. Undefined when the expansion
 * declares no map (a pointer, an extern).
 */
function writeOut(
  written: string, macro: string, start: number, shape: 'declarations' | 'initializer',
  ctx: MacroMapContext, counter: CounterTrack, eol: string, head?: string,
): MacroMapUse | undefined {
  const firstName = /^\s*[A-Za-z_]\w*\s*\(\s*([A-Za-z_]\w*)/.exec(written)?.[1] ?? macro;
  const headName = head ? /([A-Za-z_]\w*)\s*$/.exec(head)?.[1] ?? macro : undefined;
  const kindOf = (s: string): 'elf' | 'mapdef' => (/\bbpf_map_def\b/.test(s) || [...(ctx.aliases ?? [])].some(([a, k]) => k === 'mapdef' && s.includes(a)) ? 'mapdef' : 'elf');
  const base: MacroMapUse = { name: headName ?? firstName, names: [headName ?? firstName], macro, kind: kindOf(head ?? bodiesOf(macro, ctx.macros)), start, end: start + written.length };
  // Comments inside the use would be lost in the written-out text: such uses stay.
  if (/\/[*/]/.test(written)) return { ...base, problem: 'its arguments hold comments, which the written-out declaration would lose' };
  const code = codeOf(written);
  // Only the macros that build the declaration are replaced; names, sizes, pinning and section
  // macros stay as the user wrote them (the compiler expands them where they stand).
  // A macro left at the head of the result is a step on the way (BCC's `BPF_HASHX(__VA_ARGS__,
  // BPF_HASH4, ...)(__VA_ARGS__)` picks a macro by the number of arguments): it is replaced too.
  const steps = new Set<string>([macro]);
  const only = (name: string) => steps.has(name) || declaresLegacyMap(name, ctx.macros, ctx.aliases)
    || reachesCounter(name, ctx.macros) || (shape === 'initializer' && buildsBraces(name, ctx.macros));
  const probe = { next: 0 };
  let at = 0;
  let tokens = expandText(code, ctx.macros, { counter: probe, only });
  for (let round = 0; tokens && round < 8 && ctx.macros.has(tokens[0]?.text ?? '') && !steps.has(tokens[0].text); round++) {
    steps.add(tokens[0].text);
    probe.next = 0;
    tokens = expandText(code, ctx.macros, { counter: probe, only });
  }
  let counts = false;
  if (tokens && probe.next > 0) {
    counts = true;
    const value = counter.before(start);
    if (typeof value === 'string') return { ...base, counts, problem: `it reads __COUNTER__, whose value here cannot be told: ${value}` };
    at = value;
    tokens = expandText(code, ctx.macros, { counter: { next: at }, only });
  }
  if (!tokens) return { ...base, problem: `${macro}(...) cannot be expanded exactly (an undefined or ambiguous macro, a wrong number of arguments, or a paste that forms no token)` };
  // The proof: the written-out text, expanded, is what the use expands to.
  // (Macros defined differently under #if branches stay unexpanded on both sides: either definition gives the same.)
  const definite = (name: string) => !ctx.macros.get(name)?.ambiguous;
  const full = expandText(code, ctx.macros, { counter: { next: at }, only: definite })?.map((t) => t.text).join(' ');
  const again = expandText(tokens.map((t) => t.text).join(' '), ctx.macros, { counter: { next: at }, only: definite })?.map((t) => t.text).join(' ');
  if (full === undefined || full !== again) return { ...base, counts, problem: `${macro}(...) cannot be written out with its other macros left as they are` };
  const texts = tokens.map((t) => t.text);
  if (shape === 'initializer') {
    if (texts[0] !== '{' || matching(texts, 0) !== texts.length - 1) return { ...base, counts, problem: `${macro} does not expand to a brace initializer` };
    const items = splitTopLevel(texts.slice(1, -1)).filter((i) => i.length > 0);
    return { ...base, counts, expansion: renderItems(items, ctx.indentUnit(), eol) };
  }
  const pieces = splitStatements(tokens);
  const decls: string[] = [];
  const names: string[] = [];
  let kind: 'elf' | 'mapdef' | undefined;
  for (const piece of pieces) {
    const d = readDeclaration(piece.map((t) => t.text), ctx.aliases);
    if (d === NOT_A_DEFINITION) { decls.push(joinTokens(piece.map((t) => t.text))); continue; }
    if (typeof d === 'string') return { ...base, counts, problem: d };
    names.push(d.name);
    kind ??= d.kind;
    decls.push(renderDeclaration(d, ctx.indentUnit(), eol));
  }
  if (names.length === 0) return undefined;
  return { ...base, name: names[0], names, kind: kind ?? 'elf', counts, expansion: decls.join(`;${eol}`) };
}

/** The bodies of a macro and of every macro they name, for telling which struct it declares. */
function bodiesOf(name: string, macros: MacroTable, seen = new Set<string>()): string {
  const def = macros.get(name);
  if (!def || seen.has(name) || seen.size > 64) return '';
  seen.add(name);
  return [def.body, ...(def.body.match(/[A-Za-z_]\w*/g) ?? []).map((w) => bodiesOf(w, macros, seen))].join('\n');
}

/** Whether expanding `name` may produce a `{` (an initializer macro, or one it leads to). */
const buildsBraces = reachQuery((def) => def.body.includes('{'));

/** The index of the token that closes the bracket at `open` (`{` or `(`), or -1. */
function matching(tokens: string[], open: number): number {
  const [o, c] = tokens[open] === '{' ? ['{', '}'] : ['(', ')'];
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i] === o) depth++;
    else if (tokens[i] === c && --depth === 0) return i;
  }
  return -1;
}

/** Splits an expansion at top-level `;` into statements (the last one's `;` is the use's own). */
function splitStatements(tokens: PpToken[]): PpToken[][] {
  const out: PpToken[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
    if (t.text === ')' || t.text === ']' || t.text === '}') depth--;
    if (t.text === ';' && depth === 0) { out.push([]); continue; }
    out[out.length - 1].push(t);
  }
  return out.filter((p) => p.length > 0);
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

interface Declaration { head: string[]; items: string[][]; name: string; kind: 'elf' | 'mapdef' }

/** An expansion that declares no map (a pointer, an extern, a type): kept as it expands. */
const NOT_A_DEFINITION = '';

/** One expanded statement as `... struct bpf_elf_map ... NAME = { items }`, or why it is not one. */
function readDeclaration(tokens: string[], aliases?: ReadonlyMap<string, 'elf' | 'mapdef'>): Declaration | string {
  const eq = tokens.indexOf('=');
  const structAt = tokens.findIndex((t, i) => (t === 'struct' && LEGACY_STRUCT.test(tokens[i + 1] ?? '')) || aliases?.has(t));
  const head = tokens.slice(0, eq < 0 ? tokens.length : eq);
  // Pointers, arrays, extern and typedef declarations define no map.
  if (structAt < 0 || head.some((t) => t === '*' || t === '[' || t === 'extern' || t === 'typedef')) return NOT_A_DEFINITION;
  if (eq < 0 || eq < structAt || tokens[eq + 1] !== '{' || matching(tokens, eq + 1) !== tokens.length - 1) {
    return 'its expansion is not a map declaration with a brace initializer';
  }
  const name = head.filter((t) => /^[A-Za-z_]\w*$/.test(t)).pop() ?? '?';
  const kind = tokens[structAt] === 'struct' ? (tokens[structAt + 1] === 'bpf_map_def' ? 'mapdef' : 'elf') : aliases!.get(tokens[structAt])!;
  const items = splitTopLevel(tokens.slice(eq + 2, -1)).filter((item) => item.length > 0);
  return { head, items, name, kind };
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
    || (/^[A-Za-z_]\w*$/.test(inner[0]) && inner[1] === '(' && inner[inner.length - 1] === ')' && matching(inner, 1) === inner.length - 1);
  return simple ? inner : value;
}


/** A brace list one item per line: `.type = BPF_MAP_TYPE_HASH,`. */
function renderItems(items: string[][], indent: string, eol: string): string {
  const lines = items.map((item) => {
    if (item[0] === '.' && item[2] === '=') return `.${item[1]} = ${joinTokens(unwrap(item.slice(3)))}`;
    return joinTokens(unwrap(item));
  });
  return `{${eol}${lines.map((i) => `${indent}${i},${eol}`).join('')}}`;
}

function renderDeclaration(d: Declaration, indent: string, eol: string): string {
  return `${joinTokens(d.head)} = ${renderItems(d.items, indent, eol)}`;
}
