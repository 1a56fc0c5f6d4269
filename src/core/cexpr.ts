/**
 * Just enough of the C preprocessor and constant-expression evaluator to compare what
 * legacy code means: object- and function-like macro expansion, integer literals in any
 * base, the usual operators, sizeof of well-known scalar types and the kernel's map-type
 * enum. Anything it cannot evaluate yields undefined, and the rules then say so.
 */
import type { MacroDef } from './scan.js';

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
        if (found) { d = found; break; }
      }
      this.inherited.set(name, d);
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
      this.values.set(text, v);
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

const TOKEN = /\s*(?:([A-Za-z_]\w*)|(0[xX][0-9a-fA-F]+|\d+)[uUlL]*|("(?:[^"\\]|\\.)*")|('(?:[^'\\]|\\.)*')|(<<|>>|<=|>=|==|!=|&&|\|\||->|##|[-+*/%&|^~!<>?:(),.[\]#{}=;]))/y;

export function tokenize(text: string): string[] | undefined {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let i = 0;
  for (;;) {
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(text);
    if (!m) break;
    i = TOKEN.lastIndex;
    out.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]);
  }
  if (text.slice(i).trim().length > 0) return undefined;
  return out;
}

/** Kernel `enum bpf_map_type`, in ABI order. */
export const MAP_TYPES = [
  'UNSPEC', 'HASH', 'ARRAY', 'PROG_ARRAY', 'PERF_EVENT_ARRAY', 'PERCPU_HASH', 'PERCPU_ARRAY',
  'STACK_TRACE', 'CGROUP_ARRAY', 'LRU_HASH', 'LRU_PERCPU_HASH', 'LPM_TRIE', 'ARRAY_OF_MAPS',
  'HASH_OF_MAPS', 'DEVMAP', 'SOCKMAP', 'CPUMAP', 'XSKMAP', 'SOCKHASH', 'CGROUP_STORAGE',
  'REUSEPORT_SOCKARRAY', 'PERCPU_CGROUP_STORAGE', 'QUEUE', 'STACK', 'SK_STORAGE', 'DEVMAP_HASH',
  'STRUCT_OPS', 'RINGBUF', 'INODE_STORAGE', 'TASK_STORAGE', 'BLOOM_FILTER', 'USER_RINGBUF',
  'CGRP_STORAGE', 'ARENA',
];

const WELL_KNOWN: Record<string, number> = {
  PIN_NONE: 0,
  PIN_OBJECT_NS: 1,
  PIN_GLOBAL_NS: 2,
  LIBBPF_PIN_NONE: 0,
  LIBBPF_PIN_BY_NAME: 1,
};
MAP_TYPES.forEach((t, i) => { WELL_KNOWN[`BPF_MAP_TYPE_${t}`] = i; });
/** Map flags of the kernel UAPI (`enum` in linux/bpf.h, so no #define gives them), by bit. */
const MAP_FLAGS = [
  'NO_PREALLOC', 'NO_COMMON_LRU', 'NUMA_NODE', 'RDONLY', 'WRONLY', 'STACK_BUILD_ID', 'ZERO_SEED',
  'RDONLY_PROG', 'WRONLY_PROG', 'CLONE', 'MMAPABLE', 'PRESERVE_ELEMS', 'INNER_MAP',
];
MAP_FLAGS.forEach((f, bit) => { WELL_KNOWN[`BPF_F_${f}`] = 1 << bit; });

/** Sizes on the BPF target (LP64) of scalar types whose names are fixed by convention. */
const TYPE_SIZES: Record<string, number> = {
  char: 1, 'signed char': 1, 'unsigned char': 1, bool: 1, _Bool: 1,
  short: 2, 'short int': 2, 'unsigned short': 2, 'unsigned short int': 2, 'signed short': 2,
  int: 4, 'unsigned int': 4, unsigned: 4, 'signed int': 4, signed: 4,
  long: 8, 'long int': 8, 'unsigned long': 8, 'unsigned long int': 8, 'signed long': 8,
  'long long': 8, 'unsigned long long': 8, 'long long int': 8, 'unsigned long long int': 8,
  float: 4, double: 8, size_t: 8, ssize_t: 8, uintptr_t: 8, intptr_t: 8,
};
for (const bits of [8, 16, 32, 64]) {
  const bytes = bits / 8;
  for (const name of [`__u${bits}`, `__s${bits}`, `u${bits}`, `s${bits}`, `uint${bits}_t`, `int${bits}_t`, `__uint${bits}_t`, `__int${bits}_t`, `u_int${bits}_t`]) TYPE_SIZES[name] = bytes;
  if (bits > 8) for (const name of [`__be${bits}`, `__le${bits}`, `be${bits}`, `le${bits}`]) TYPE_SIZES[name] = bytes;
}

/** Normalises a type's spelling: single spaces, `*` attached (`struct foo *`). */
export function normaliseType(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\s*\*\s*/g, ' *').replace(/\s*\[\s*/g, '[').replace(/\s*\]/g, ']').trim();
}

/** Size in bytes of a type we know without a compiler, or undefined. */
export function knownTypeSize(type: string): number | undefined {
  const t = normaliseType(type).replace(/\b(const|volatile)\b\s*/g, '').trim();
  if (t.endsWith('*')) return 8;
  const arr = /^(.*)\[(\d+)\]$/.exec(t);
  if (arr) {
    const inner = knownTypeSize(arr[1]);
    return inner === undefined ? undefined : inner * Number(arr[2]);
  }
  return TYPE_SIZES[t];
}

export function isKnownScalarType(name: string): boolean {
  return TYPE_SIZES[name] !== undefined;
}

/**
 * Expands macros in a token list. Function-like macros are expanded with their arguments;
 * `#` and `##` are left unsupported (such expansions return undefined).
 */
export function expand(tokens: string[], macros: MacroTable, active: Set<string> = new Set(), budget = { n: 2000 }, objectOnly = false): string[] | undefined {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const def = macros.get(t);
    if (!def || active.has(t) || (objectOnly && def.params !== null)) { out.push(t); continue; }
    if (def.ambiguous || --budget.n < 0) return undefined;
    const body = tokenize(def.body);
    if (!body) return undefined;
    let replacement: string[];
    if (def.params === null) {
      replacement = body;
    } else {
      if (tokens[i + 1] !== '(') { out.push(t); continue; }
      const args: string[][] = [[]];
      let depth = 0;
      let j = i + 2;
      for (; j < tokens.length; j++) {
        const a = tokens[j];
        if (a === '(') depth++;
        if (a === ')') { if (depth === 0) break; depth--; }
        if (a === ',' && depth === 0) { args.push([]); continue; }
        args[args.length - 1].push(a);
      }
      if (j >= tokens.length) return undefined;
      if (body.includes('#') || body.includes('##')) return undefined;
      const byName = new Map<string, string[]>();
      def.params.forEach((p, k) => byName.set(p, args[k] ?? []));
      replacement = body.flatMap((b) => byName.get(b) ?? [b]);
      i = j;
    }
    active.add(t);
    const expanded = expand(replacement, macros, active, budget, objectOnly);
    active.delete(t);
    if (!expanded) return undefined;
    out.push(...expanded);
  }
  return out;
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
    if (/^\d/.test(t)) {
      if (/^0[0-7]+$/.test(t)) return BigInt('0o' + t.slice(1));
      return BigInt(t);
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

