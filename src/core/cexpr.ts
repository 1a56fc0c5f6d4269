/**
 * Just enough of the C preprocessor and constant-expression evaluator to compare what
 * legacy code means: object- and function-like macro expansion, integer literals in any
 * base, the usual operators, sizeof of well-known scalar types and the kernel's map-type
 * enum. Anything it cannot evaluate yields undefined, and the rules then say so.
 */
import type { MacroDef } from './scan.js';
import { ownString } from './own-string.js';
import { isKnownScalarType, knownTypeSize, normaliseType, MAP_FLAGS, MAP_TYPES, PINNING_NAMES } from '../abi/index.js';

export { isKnownScalarType, knownTypeSize, normaliseType };

/** Macro definitions by name; a file's own table sits on top of its headers' (shared, never copied). */
export class MacroTable {
  private readonly own = new Map<string, MacroDef>();

  /**
   * @param parents tables searched, in order, after this one's own definitions
   * @param inParents every name any parent defines, when known: other names skip the search
   */
  constructor(private readonly parents: MacroTable[] = [], private readonly inParents?: ReadonlySet<string>) {}

  /** Lookups through the parents, remembered: header tables are shared by every file of a run. */
  private readonly inherited = new Map<string, MacroDef | null>();

  get(name: string): MacroDef | undefined {
    const mine = this.own.get(name);
    if (mine) return mine;
    if (this.parents.length === 0 || (this.inParents && !this.inParents.has(name))) return undefined;
    let d = this.inherited.get(name);
    if (d === undefined) {
      d = null;
      for (const p of this.parents) {
        const found = p.get(name);
        if (!found) continue;
        if (!d) { d = found; continue; }
        // Headers that define it differently (asm/unistd.h includes unistd_32.h or unistd_64.h by
        // architecture): which one the build reads cannot be told. A later default under
        // `#ifndef NAME` gives way to the first definition, as the preprocessor has it.
        const same = found.body.trim() === d.body.trim() && found.params?.join(',') === d.params?.join(',');
        if (!found.overridable && !same) {
          d = { ...d, ambiguous: true };
          break;
        }
      }
      this.inherited.set(ownString(name), d);
    }
    return d ?? undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  private readonly values = new Map<string, bigint | null>();

  /** Values of expressions evaluated against this table (it does not change once a file is read). */
  valueOf(text: string, compute: () => bigint | undefined): bigint | undefined {
    let v = this.values.get(text);
    if (v === undefined) {
      v = compute() ?? null;
      this.values.set(ownString(text), v);
    }
    return v ?? undefined;
  }

  /**
   * Adds a definition; a second, different definition of the same name in the same file (the
   * `#ifdef A / #define X 0 / #else / #define X 1` pattern) makes it ambiguous. A file's own
   * definition shadows its headers' one.
   */
  add(def: MacroDef): void {
    const old = this.own.get(def.name);
    if (!old) { this.own.set(def.name, def); return; }
    const same = old.body.replace(/\s+/g, ' ') === def.body.replace(/\s+/g, ' ') && String(old.params) === String(def.params);
    if (!same && !old.ambiguous) this.own.set(def.name, { ...old, ambiguous: true });
  }

  static of(defs: MacroDef[]): MacroTable {
    const t = new MacroTable();
    for (const d of defs) t.add(d);
    return t;
  }
}

/**
 * C preprocessing tokens: identifiers, pp-numbers (suffixes and all: `1ULL`, `0x10u`), string
 * and character literals, punctuators. Comments are not tokens: callers pass text without them
 * (macro bodies are stored with comments blanked).
 */
const TOKEN = /(\s*)(?:([A-Za-z_]\w*)|(\.?\d(?:[eEpP][+-]|[\w.])*)|("(?:[^"\\]|\\.)*")|('(?:[^'\\]|\\.)*')|(\.\.\.|<<=|>>=|<<|>>|<=|>=|==|!=|&&|\|\||->|##|\+\+|--|[-+*/%&|^]=|[-+*/%&|^~!<>?:(),.[\]#{}=;]))/y;

/** A preprocessing token and whether white space came before it (`undefined`: not known, as for tokens given as bare strings). */
export interface PpToken {
  text: string;
  space?: boolean;
  /** Macros this token came out of (C11 6.10.3.4: it is not replaced by them again). */
  hide?: ReadonlySet<string>;
}

/** Splits text into preprocessing tokens with their leading white space; undefined when some character is no token. */
export function ppTokenize(text: string): PpToken[] | undefined {
  const out: PpToken[] = [];
  let i = 0;
  for (;;) {
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(text);
    if (!m) break;
    i = TOKEN.lastIndex;
    out.push({ text: m[2] ?? m[3] ?? m[4] ?? m[5] ?? m[6], space: out.length > 0 && m[1].length > 0 });
  }
  if (text.slice(i).trim().length > 0) return undefined;
  return out;
}

export function tokenize(text: string): string[] | undefined {
  return ppTokenize(text)?.map((t) => t.text);
}

/** Names a legacy file uses without a #define the engine can read: map types, map flags, pinning values. */
const WELL_KNOWN: Record<string, number> = { ...PINNING_NAMES };
MAP_TYPES.forEach((t, i) => { WELL_KNOWN[`BPF_MAP_TYPE_${t}`] = i; });
MAP_FLAGS.forEach((f, bit) => { WELL_KNOWN[`BPF_F_${f}`] = 1 << bit; });

export interface ExpandOptions {
  /** Names not replaced (a macro being expanded by the caller). */
  active?: ReadonlySet<string>;
  /** Replacements left before giving up (runaway recursion through many macros). */
  budget?: { n: number };
  /** Replace object-like macros only. */
  objectOnly?: boolean;
  /**
   * The value the next `__COUNTER__` expands to, advanced by each one. Without it `__COUNTER__`
   * cannot be expanded and the expansion fails: its value depends on everything before it.
   */
  counter?: { next: number };
  /** Replace only the macros this accepts; the others stay as written (the compiler expands them later, where they stand). */
  only?: (name: string) => boolean;
}

/**
 * Expands macros in a token list. Token strings carry no white space, so `#` of an argument
 * of several tokens fails; see expandTokens.
 */
export function expand(tokens: string[], macros: MacroTable, active: Set<string> = new Set(), budget = { n: 2000 }, objectOnly = false): string[] | undefined {
  return expandTokens(tokens.map((text) => ({ text })), macros, { active, budget, objectOnly })?.map((t) => t.text);
}

/** Tokenizes `text` and expands it; the expansion's tokens, or undefined (see expandTokens). */
export function expandText(text: string, macros: MacroTable, opts: ExpandOptions = {}): PpToken[] | undefined {
  const tokens = ppTokenize(text);
  return tokens && expandTokens(tokens, macros, opts);
}

const NOTHING: ReadonlySet<string> = new Set();
/** A placemarker (C11 6.10.3.3): an empty argument next to `##`, removed once pasting is done. */
const PLACEMARKER: PpToken = { text: '' };

class CannotExpand extends Error {}

/**
 * Macro expansion as C11 6.10.3 specifies it: object-like and function-like macros, variadic
 * ones (`...` and GNU's `args...`, with GNU's `, ## __VA_ARGS__`), `#` and `##` on arguments as
 * written (not macro-expanded first), other arguments fully expanded before substitution, then
 * the result rescanned with the macro's name hidden (hide sets, as in Prosser's algorithm).
 * `__COUNTER__` is evaluated in order through `opts.counter`. Undefined when the result
 * cannot be known: an ambiguous or unreadable definition, a call whose arguments run past the
 * tokens given, a wrong number of arguments, a paste that forms no single token, a
 * stringified argument whose spacing is unknown.
 */
export function expandTokens(tokens: PpToken[], macros: MacroTable, opts: ExpandOptions = {}): PpToken[] | undefined {
  const budget = opts.budget ?? { n: 2000 };
  const active = opts.active ?? NOTHING;
  try {
    return expandAll(tokens, macros, { ...opts, budget, active });
  } catch (e) {
    if (e instanceof CannotExpand) return undefined;
    throw e;
  }
}

type Resolved = ExpandOptions & { budget: { n: number }; active: ReadonlySet<string> };

function hidden(t: PpToken, name: string, active: ReadonlySet<string>): boolean {
  return active.has(name) || (t.hide !== undefined && t.hide.has(name));
}

function expandAll(input: PpToken[], macros: MacroTable, o: Resolved): PpToken[] {
  const out: PpToken[] = [];
  // The tokens still to scan, next on top: a replacement goes back on top and is rescanned with
  // the rest (a function-like macro at its end may take its arguments from there).
  const pending = [...input].reverse();
  while (pending.length > 0) {
    const t = pending.pop()!;
    if (t.text === '__COUNTER__' && !macros.has('__COUNTER__') && !hidden(t, t.text, o.active)) {
      if (!o.counter) throw new CannotExpand();
      out.push({ text: String(o.counter.next++), space: t.space });
      continue;
    }
    const def = /^[A-Za-z_]/.test(t.text) ? macros.get(t.text) : undefined;
    if (!def || hidden(t, t.text, o.active) || (o.objectOnly && def.params !== null) || (o.only && !o.only(t.text))) { out.push(t); continue; }
    if (def.params !== null && pending[pending.length - 1]?.text !== '(') { out.push(t); continue; }
    if (def.ambiguous || --o.budget.n < 0) throw new CannotExpand();
    const body = ppTokenize(def.body);
    if (!body) throw new CannotExpand();
    let replaced: PpToken[];
    if (def.params === null) {
      replaced = substitute(body, undefined, withName(t.hide, t.text), macros, o);
    } else {
      const call = readArguments(pending);
      if (!call) throw new CannotExpand();
      const args = bindArguments(def.params, call.args);
      if (!args) throw new CannotExpand();
      // The hide set of a function-like expansion: what both the name and the `)` came out of, plus the name.
      const common = t.hide && call.close.hide ? new Set([...t.hide].filter((n) => call.close.hide!.has(n))) : undefined;
      replaced = substitute(body, args, withName(common, t.text), macros, o);
    }
    if (replaced.length > 0 && t.space !== undefined) replaced[0] = { ...replaced[0], space: t.space };
    for (let k = replaced.length - 1; k >= 0; k--) pending.push(replaced[k]);
  }
  return out;
}

function withName(hide: ReadonlySet<string> | undefined, name: string): ReadonlySet<string> {
  const s = new Set(hide ?? []);
  s.add(name);
  return s;
}

/**
 * Takes a call's arguments off the pending stack (its `(` on top), split at top-level commas,
 * with its `)`; undefined, and the stack untouched, when the call does not close.
 */
function readArguments(pending: PpToken[]): { args: PpToken[][]; close: PpToken } | undefined {
  const args: PpToken[][] = [[]];
  let depth = 0;
  for (let j = pending.length - 2; j >= 0; j--) {
    const a = pending[j];
    if (a.text === '(') depth++;
    else if (a.text === ')') {
      if (depth === 0) { pending.length = j; return { args, close: a }; }
      depth--;
    } else if (a.text === ',' && depth === 0) { args.push([]); continue; }
    args[args.length - 1].push(a);
  }
  return undefined;
}

interface BoundArgument { raw: PpToken[]; expanded?: PpToken[] }

/** Arguments by parameter name (`__VA_ARGS__`, or GNU's `args` for `args...`, takes the rest, commas kept); undefined on a count mismatch. */
function bindArguments(params: string[], args: PpToken[][]): Map<string, BoundArgument> | undefined {
  const last = params[params.length - 1];
  const variadic = last !== undefined && last.endsWith('...');
  const named = variadic ? params.slice(0, -1) : params;
  if (params.length === 0) return args.length === 1 && args[0].length === 0 ? new Map() : undefined;
  if (variadic ? args.length < named.length : args.length !== named.length) return undefined;
  const out = new Map<string, BoundArgument>(named.map((p, k) => [p, { raw: args[k] }]));
  if (variadic) {
    const rest = args.slice(named.length).flatMap((a, k) => (k === 0 ? a : [{ text: ',', space: false }, ...a]));
    out.set(last === '...' ? '__VA_ARGS__' : last.slice(0, -3).trim(), { raw: rest });
  }
  return out;
}

/**
 * The replacement list with the arguments substituted, `#` and `##` applied, and every token's
 * hide set grown by `hide`.
 */
function substitute(body: PpToken[], args: Map<string, BoundArgument> | undefined, hide: ReadonlySet<string>, macros: MacroTable, o: Resolved): PpToken[] {
  const param = (t: PpToken | undefined) => (t && args ? args.get(t.text) : undefined);
  const items: (PpToken | 'paste')[] = [];
  for (let k = 0; k < body.length; k++) {
    const t = body[k];
    if (t.text === '##' && k > 0 && k < body.length - 1) {
      // GNU: `, ## __VA_ARGS__` drops the comma when there are no variable arguments.
      const va = param(body[k + 1]);
      const prev = items[items.length - 1];
      if (va && prev !== 'paste' && prev?.text === ',' && body[k + 1].text === variadicName(args)) {
        if (va.raw.length === 0) items.pop();
        else items.push(...va.raw.map((x, n) => (n === 0 ? { ...x, space: body[k + 1].space } : x)));
        k++;
        continue;
      }
      items.push('paste');
      continue;
    }
    if (t.text === '#' && args) {
      const a = param(body[k + 1]);
      if (!a) throw new CannotExpand();
      items.push({ text: stringify(a.raw), space: t.space });
      k++;
      continue;
    }
    const a = param(t);
    if (!a) { items.push(t); continue; }
    const pasted = body[k - 1]?.text === '##' || body[k + 1]?.text === '##';
    // Operands of ## are the argument as written; elsewhere the argument is expanded first, once (as clang does).
    const tokens = pasted ? a.raw : (a.expanded ??= expandAll(a.raw, macros, o));
    if (tokens.length === 0) { if (pasted) items.push(PLACEMARKER); continue; }
    items.push({ ...tokens[0], space: t.space }, ...tokens.slice(1));
  }
  const pastedOut: PpToken[] = [];
  for (let k = 0; k < items.length; k++) {
    const item = items[k];
    if (item !== 'paste') { pastedOut.push(item); continue; }
    const left = pastedOut.pop();
    const right = items[++k];
    if (left === undefined || right === undefined || right === 'paste') throw new CannotExpand();
    pastedOut.push(paste(left, right));
  }
  const out: PpToken[] = [];
  for (const t of pastedOut) {
    if (t === PLACEMARKER || t.text === '') continue;
    out.push({ text: t.text, space: t.space, hide: t.hide ? new Set([...t.hide, ...hide]) : hide });
  }
  return out;
}

function variadicName(args: Map<string, BoundArgument> | undefined): string | undefined {
  if (!args) return undefined;
  const names = [...args.keys()];
  return names[names.length - 1];
}

/** `a ## b`: one token, or the expansion fails (clang: "pasting formed an invalid preprocessing token"). */
function paste(left: PpToken, right: PpToken): PpToken {
  if (left === PLACEMARKER || left.text === '') return right === PLACEMARKER ? PLACEMARKER : { ...right, space: left.space ?? right.space };
  if (right === PLACEMARKER || right.text === '') return left;
  const text = left.text + right.text;
  const again = ppTokenize(text);
  if (!again || again.length !== 1) throw new CannotExpand();
  const hide = left.hide && right.hide ? new Set([...left.hide].filter((n) => right.hide!.has(n))) : undefined;
  return { text, space: left.space, hide };
}

/** `#x`: the argument's spelling as a string literal (white space between tokens becomes one space). */
function stringify(tokens: PpToken[]): string {
  let s = '';
  tokens.forEach((t, k) => {
    if (k > 0) {
      if (t.space === undefined) throw new CannotExpand();
      if (t.space) s += ' ';
    }
    s += t.text.startsWith('"') || t.text.startsWith("'") ? t.text.replace(/[\\"]/g, '\\$&') : t.text;
  });
  return `"${s}"`;
}

/**
 * The first macro behind `text` (followed through macro bodies) that the build may override
 * (`#ifndef X` / `#define X default`), or undefined: a value that reads it is fixed only by the build.
 */
export function overridableMacroIn(text: string, macros: MacroTable, depth = 0, seen = new Set<string>()): string | undefined {
  if (depth > 16) return undefined;
  for (const m of text.matchAll(/[A-Za-z_]\w*/g)) {
    const name = m[0];
    if (seen.has(name)) continue;
    seen.add(name);
    const def = macros.get(name);
    if (!def) continue;
    // PIN_GLOBAL_NS and kin are fixed by the kernel and iproute2, guarded or not.
    if (def.overridable && !(name in WELL_KNOWN)) return name;
    const inner = overridableMacroIn(def.body, macros, depth + 1, seen);
    if (inner) return inner;
  }
  return undefined;
}

/** Evaluates an integer constant expression after macro expansion; undefined when it cannot. */
export function evaluate(text: string, macros: MacroTable): bigint | undefined {
  return macros.valueOf(text, () => {
    const raw = tokenize(text);
    if (!raw) return undefined;
    const tokens = expand(raw, macros);
    if (!tokens) return undefined;
    return evaluateTokens(tokens);
  });
}

export function evaluateTokens(tokens: string[]): bigint | undefined {
  let pos = 0;
  const peek = () => tokens[pos];
  const fail = Symbol('fail');
  const mask = (v: bigint) => BigInt.asIntN(64, v);

  const primary = (): bigint => {
    const t = tokens[pos++];
    if (t === undefined) throw fail;
    if (t === '(') {
      // A cast such as (__u32)-1 or (int)x: skip the type name.
      const close = tokens.indexOf(')', pos);
      const inner = tokens.slice(pos, close);
      if (close > pos && inner.every((x) => /^[A-Za-z_]\w*$/.test(x) || x === '*') && (isKnownScalarType(inner.join(' ')) || inner.includes('*') || /^(unsigned|signed|int|long|short|char|__u\d+|__s\d+|u\d+|s\d+|u?int\d+_t)$/.test(inner[0]))) {
        pos = close + 1;
        const v = unary();
        const size = knownTypeSize(inner.join(' '));
        const unsigned = /^(unsigned|__u|u\d|u?int\d+_t|uint)/.test(inner[0]) && !/^int\d+_t$/.test(inner[0]);
        if (size !== undefined && size < 8) return unsigned ? BigInt.asUintN(size * 8, v) : BigInt.asIntN(size * 8, v);
        return v;
      }
      const v = conditional();
      if (tokens[pos++] !== ')') throw fail;
      return v;
    }
    if (/^\.?\d/.test(t)) {
      // An integer constant with any suffix; a floating constant is not an integer expression.
      const int = /^(0[xX][0-9a-fA-F]+|\d+)(?:[uU](?:ll|LL|[lL])?|(?:ll|LL|[lL])[uU]?)?$/.exec(t);
      if (!int) throw fail;
      if (/^0[0-7]+$/.test(int[1])) return BigInt('0o' + int[1].slice(1));
      if (/^0\d/.test(int[1])) throw fail;
      return BigInt(int[1]);
    }
    if (t.startsWith("'")) {
      const body = t.slice(1, -1);
      if (body.length === 1) return BigInt(body.charCodeAt(0));
      return undefined as never;
    }
    if (t === 'sizeof') {
      const parenthesised = peek() === '(';
      if (!parenthesised) throw fail;
      const close = tokens.indexOf(')', pos);
      const size = knownTypeSize(tokens.slice(pos + 1, close).join(' '));
      if (size === undefined) throw fail;
      pos = close + 1;
      return BigInt(size);
    }
    if (t in WELL_KNOWN) return BigInt(WELL_KNOWN[t]);
    throw fail;
  };
  const unary = (): bigint => {
    const t = peek();
    if (t === '-') { pos++; return mask(-unary()); }
    if (t === '+') { pos++; return unary(); }
    if (t === '~') { pos++; return mask(~unary()); }
    if (t === '!') { pos++; return unary() === 0n ? 1n : 0n; }
    return primary();
  };
  const LEVELS: string[][] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];
  const binary = (level: number): bigint => {
    if (level >= LEVELS.length) return unary();
    let left = binary(level + 1);
    while (LEVELS[level].includes(peek())) {
      const op = tokens[pos++];
      const right = binary(level + 1);
      switch (op) {
        case '||': left = left !== 0n || right !== 0n ? 1n : 0n; break;
        case '&&': left = left !== 0n && right !== 0n ? 1n : 0n; break;
        case '|': left = left | right; break;
        case '^': left = left ^ right; break;
        case '&': left = left & right; break;
        case '==': left = left === right ? 1n : 0n; break;
        case '!=': left = left !== right ? 1n : 0n; break;
        case '<': left = left < right ? 1n : 0n; break;
        case '>': left = left > right ? 1n : 0n; break;
        case '<=': left = left <= right ? 1n : 0n; break;
        case '>=': left = left >= right ? 1n : 0n; break;
        case '<<': left = mask(left << right); break;
        case '>>': left = left >> right; break;
        case '+': left = mask(left + right); break;
        case '-': left = mask(left - right); break;
        case '*': left = mask(left * right); break;
        case '/': if (right === 0n) throw fail; left = left / right; break;
        case '%': if (right === 0n) throw fail; left = left % right; break;
      }
    }
    return left;
  };
  const conditional = (): bigint => {
    const c = binary(0);
    if (peek() !== '?') return c;
    pos++;
    const a = conditional();
    if (tokens[pos++] !== ':') throw fail;
    const b = conditional();
    return c !== 0n ? a : b;
  };
  try {
    const v = conditional();
    if (pos !== tokens.length) return undefined;
    return v;
  } catch (e) {
    if (e === fail) return undefined;
    throw e;
  }
}

/** The `BPF_MAP_TYPE_*` suffix a type expression stands for (`HASH`, `PROG_ARRAY`), or undefined. */
export function mapTypeName(text: string, macros: MacroTable): string | undefined {
  const v = evaluate(text, macros);
  if (v === undefined || v < 0n || v >= BigInt(MAP_TYPES.length)) return undefined;
  return MAP_TYPES[Number(v)];
}

/** `sizeof(T)` where T is a type (not an expression): returns T as written, else undefined. */
export function sizeofType(text: string): string | undefined {
  const m = /^\s*sizeof\s*\(([\s\S]*)\)\s*$/.exec(text);
  if (!m) return undefined;
  const inner = m[1].trim();
  // Balanced parens only: `sizeof(a) + sizeof(b)` is not a single sizeof.
  let depth = 0;
  for (const ch of inner) {
    if (ch === '(') depth++;
    if (ch === ')' && --depth < 0) return undefined;
  }
  if (depth !== 0) return undefined;
  if (!looksLikeType(inner)) return undefined;
  return inner;
}

/** Whether a sizeof operand is a type name: `struct x`, a scalar, `__u32`, `foo_t`, pointers, arrays. */
export function looksLikeType(text: string): boolean {
  const t = normaliseType(text);
  if (/^(const |volatile )*(struct|union|enum) [A-Za-z_]\w*( \*)*(\[\w+\])*$/.test(t)) return true;
  const base = t.replace(/( \*)+$/, '').replace(/(\[\w+\])+$/, '').replace(/^(const |volatile )+/, '');
  if (isKnownScalarType(base)) return true;
  return /^[A-Za-z_]\w*_t$/.test(base);
}

/** Splits `A, B, C` at top-level commas. */
export function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    if (ch === ')' || ch === ']' || ch === '}') depth--;
    if (ch === ',' && depth === 0) { out.push(cur.trim()); cur = ''; continue; }
    cur += ch;
  }
  out.push(cur.trim());
  return out;
}

