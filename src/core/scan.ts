/**
 * Lexical scan of a C file: finds the top-level statements, preprocessor lines and
 * function heads that matter to the rules, without parsing. It understands comments,
 * strings, character literals, line continuations and brace depth; nothing else.
 * The rules hand only the spans it finds to tree-sitter.
 */

export type DirectiveKind =
  | 'define' | 'undef' | 'include' | 'if' | 'ifdef' | 'ifndef' | 'elif' | 'else' | 'endif' | 'other';

export interface Directive {
  kind: DirectiveKind;
  /** Offset of the first character of the line (indentation included). */
  start: number;
  /** Offset just past the directive's last character (before the newline). */
  end: number;
  /** Offset just past the newline that ends the directive (or end of file). */
  lineEnd: number;
  /** Nesting depth of #if blocks the directive sits in (an #if itself counts its outer depth). */
  condDepth: number;
  /** Brace depth at the directive: 0 at file scope. */
  braceDepth: number;
}

export interface MacroDef {
  name: string;
  /** Parameter names for function-like macros, null for object-like ones. */
  params: string[] | null;
  body: string;
  start: number;
  /** Defined more than once with different bodies (usually under #if branches): its value is unknown. */
  ambiguous?: boolean;
  /** A default the build may override: defined right inside `#ifndef NAME` (a `-DNAME=...` wins). */
  overridable?: boolean;
}

export interface IncludeDirective {
  spec: string;
  angled: boolean;
  start: number;
  lineEnd: number;
  conditional: boolean;
}

/** A top-level statement: a declaration ending in `;`, or a definition ending in `}`. */
export interface TopStatement {
  /** Where the previous statement or directive ended; the statement's leading comments start here. */
  boundary: number;
  /** Offset just past the closing `;` or `}`. */
  end: number;
  /** For definitions with a body (functions, struct types): offset of the opening `{`. */
  bodyStart: number;
  /** Offset of the initializer's `{` for `... = { ... };` declarations. */
  initStart: number;
  condDepth: number;
  /** Legacy names seen at file scope inside the statement. */
  triggers: number;
}

export const Trigger = {
  elfMap: 1,
  mapDef: 2,
  kvPair: 4,
  sectionTail: 8,
} as const;

/** The legacy words end in different letters: bpf_elf_maP, bpf_map_deF, BPF_ANNOTATE_KV_PAIR, __section_taiL. */
const TRIGGER_BY_LAST_CHAR: Record<number, number> = {
  [0x70]: Trigger.elfMap,
  [0x66]: Trigger.mapDef,
  [0x52]: Trigger.kvPair,
  [0x6c]: Trigger.sectionTail,
};

export interface ScanResult {
  directives: Directive[];
  defines: MacroDef[];
  includes: IncludeDirective[];
  statements: TopStatement[];
  /** True when braces or conditionals do not balance: the rules should be careful. */
  unbalanced: boolean;
  /**
   * The include guard wrapping the whole file (`#ifndef X` / `#define X` ... `#endif`, only
   * comments outside): indices of its opening and closing directives. What it wraps is, in
   * effect, unconditional.
   */
  guard?: { open: number; close: number };
}

/** Words whose presence makes a file worth scanning at all. */
export const LEGACY_WORDS = ['bpf_elf_map', 'bpf_map_def', 'BPF_ANNOTATE_KV_PAIR', '__section_tail'];

/** iproute2's map-declaring macros (`BPF_PROG_ARRAY(...)`): a file may use them without naming the struct. */
export const MAP_MACRO_WORDS = ['__BPF_MAP', 'BPF_PROG_ARRAY', 'BPF_HASH', 'BPF_ARRAY'];

/** A string that starts like a raw "ID/KEY" section: iproute2 takes such a program as a tail call. */
const RAW_TAIL_SECTION = /"\s*[-+]?\d\w*\//;

/** Whether a text may name a raw "ID/KEY" tail-call section (`__section("1/0")`). */
export function namesRawTailSection(text: string): boolean {
  return RAW_TAIL_SECTION.test(text);
}

/** Cheap pre-filter: a file that names none of the legacy constructs needs no scan and no parse. */
export function mentionsLegacy(text: string): boolean {
  for (const w of LEGACY_WORDS) if (text.includes(w)) return true;
  if (namesRawTailSection(text)) return true;
  for (const w of MAP_MACRO_WORDS) if (text.includes(w)) return true;
  return false;
}

const TOKEN = /\/\*|\/\/|"|'|^\uFEFF?[ \t]*#|[{};)]|\b(?:bpf_elf_map|bpf_map_def|BPF_ANNOTATE_KV_PAIR|__section_tail)\b/gm;
/** Inside a function body only braces (and what hides them) matter: `;` and `)` are most of its tokens. */
const BODY_TOKEN = /\/\*|\/\/|"|'|^\uFEFF?[ \t]*#|[{}]/gm;

/** Skips a string or character literal starting at `i` (the quote); returns the offset past it. */
function skipQuoted(text: string, i: number): number {
  const quote = text.charCodeAt(i);
  let j = i + 1;
  const n = text.length;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === 92 /* \ */) { j += 2; continue; }
    if (c === quote) return j + 1;
    if (c === 10 /* \n */) return j;
    j++;
  }
  return n;
}

/** Offset past the end of a preprocessor line starting at `i`, following `\` continuations. */
function directiveEnd(text: string, i: number): number {
  const n = text.length;
  let j = i;
  for (;;) {
    const nl = text.indexOf('\n', j);
    if (nl < 0) return n;
    let k = nl - 1;
    if (k >= 0 && text.charCodeAt(k) === 13) k--;
    if (k >= i && text.charCodeAt(k) === 92) { j = nl + 1; continue; }
    // A block comment opened on the line runs on past the newline. (Searched forward within the
    // line: a backward search from the newline would run back to the file's previous comment.)
    let close: number | undefined;
    for (let open = text.indexOf('/*', j); open >= 0 && open < nl;) {
      const c = text.indexOf('*/', open + 2);
      if (c < 0 || c > nl) { close = c; break; }
      open = text.indexOf('/*', c + 2);
    }
    if (close !== undefined) {
      j = close < 0 ? n : close + 2;
      continue;
    }
    return nl > 0 && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
  }
}

const DIRECTIVE_HEAD = /[ \t]*#[ \t]*([A-Za-z_]+)/y;
const DEFINE = /[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(\(([^)]*)\))?/y;
const INCLUDE = /[ \t]*#[ \t]*include[ \t]*(?:"([^"]*)"|<([^>]*)>)/y;

function directiveKind(word: string): DirectiveKind {
  switch (word) {
    case 'define': case 'undef': case 'include': case 'if': case 'ifdef': case 'ifndef':
    case 'elif': case 'else': case 'endif':
      return word;
    default:
      return 'other';
  }
}

/** Replaces comments in a directive body with a space and joins continued lines. */
export function cleanDirectiveBody(body: string): string {
  return body
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/.*$/gm, '')
    .replace(/\\\r?\n/g, ' ')
    .trim();
}

/** Index of the first character at or after `from` (and before `to`) that is neither blank nor inside a comment. */
export function firstCodeChar(text: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xfeff) { i++; continue; }
    if (c === 47 && i + 1 < to) {
      const d = text.charCodeAt(i + 1);
      if (d === 42) { const e = text.indexOf('*/', i + 2); i = e < 0 ? to : e + 2; continue; }
      if (d === 47) { const e = text.indexOf('\n', i + 2); i = e < 0 ? to : e + 1; continue; }
    }
    return i;
  }
  return to;
}

/** Index of the last character before `to` (and at or after `from`) that is neither blank nor in a block comment. */
function lastNonBlank(text: string, from: number, to: number): number {
  let i = to - 1;
  while (i >= from) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) { i--; continue; }
    // `m = /* c */ {`: the initializer's `=` is before the comment.
    if (c === 47 /* / */ && i > from && text.charCodeAt(i - 1) === 42 /* * */) {
      const open = text.lastIndexOf('/*', i - 2);
      if (open >= from) { i = open - 1; continue; }
    }
    return i;
  }
  return -1;
}

export function scan(text: string): ScanResult {
  const directives: Directive[] = [];
  const defines: MacroDef[] = [];
  const includes: IncludeDirective[] = [];
  const statements: TopStatement[] = [];
  let depth = 0;
  let condDepth = 0;
  let boundary = 0;
  let triggers = 0;
  let bodyStart = -1;
  let initStart = -1;
  /** Set once a `)` has been seen at depth 0 in the current statement: a `{` after it opens a function body. */
  let sawParen = false;
  let inBlock = false; // inside a function or struct body that started at depth 0
  let unbalanced = false;
  const n = text.length;
  let pos = 0;

  const endStatement = (end: number) => {
    statements.push({ boundary, end, bodyStart, initStart, condDepth, triggers });
    boundary = end;
    triggers = 0;
    bodyStart = -1;
    initStart = -1;
    sawParen = false;
    inBlock = false;
  };

  for (;;) {
    const re = inBlock && sawParen ? BODY_TOKEN : TOKEN;
    re.lastIndex = pos;
    // test() rather than exec(): no match array per token. The token is told by its last character.
    if (!re.test(text)) break;
    pos = re.lastIndex;
    const last = text.charCodeAt(pos - 1);
    let at = pos - 1;
    if (last === 42 /* * of a comment opener */ || last === 47 /* / of // */) {
      at = pos - 2;
      if (last === 42) {
        const e = text.indexOf('*/', at + 2);
        pos = e < 0 ? n : e + 2;
      } else {
        const e = text.indexOf('\n', at + 2);
        pos = e < 0 ? n : e;
      }
      continue;
    }
    if (last === 34 || last === 39) { pos = skipQuoted(text, at); continue; }
    if (last === 35 /* # */) {
      // A directive: it starts at its line's indentation (after a BOM).
      at = pos - 1;
      while (at > 0 && (text.charCodeAt(at - 1) === 32 || text.charCodeAt(at - 1) === 9)) at--;
      const end = directiveEnd(text, at);
      const lineEnd = end < n ? (text.charCodeAt(end) === 13 ? end + 2 : end + 1) : n;
      DIRECTIVE_HEAD.lastIndex = at;
      const head = DIRECTIVE_HEAD.exec(text);
      const kind = head ? directiveKind(head[1]) : 'other';
      if (kind === 'endif' || kind === 'else' || kind === 'elif') {
        if (kind === 'endif') condDepth = Math.max(0, condDepth - 1);
      }
      const d: Directive = { kind, start: at, end, lineEnd: Math.min(lineEnd, n), condDepth: kind === 'else' || kind === 'elif' ? condDepth - 1 : condDepth, braceDepth: depth };
      if (kind === 'if' || kind === 'ifdef' || kind === 'ifndef') condDepth++;
      directives.push(d);
      if (kind === 'define') {
        DEFINE.lastIndex = at;
        const dm = DEFINE.exec(text);
        if (dm) {
          const params = dm[2] !== undefined ? dm[3].split(',').map((p) => p.trim()).filter((p) => p.length > 0) : null;
          const def: MacroDef = { name: dm[1], params, body: cleanDirectiveBody(text.slice(DEFINE.lastIndex, end)), start: at };
          if (openGuardOf(text, directives, condDepth) === dm[1]) def.overridable = true;
          defines.push(def);
        }
      } else if (kind === 'include') {
        INCLUDE.lastIndex = at;
        const im = INCLUDE.exec(text);
        if (im) includes.push({ spec: im[1] ?? im[2], angled: im[2] !== undefined, start: at, lineEnd: d.lineEnd, conditional: d.condDepth > 0 });
      }
      if (depth === 0 && triggers === 0 && !inBlock && firstCodeChar(text, boundary, at) >= at) boundary = d.lineEnd;
      pos = d.lineEnd;
      continue;
    }
    switch (last) {
      case 123 /* { */:
        if (depth === 0 && !inBlock && initStart < 0) {
          const prev = lastNonBlank(text, boundary, at);
          if (prev >= 0 && text.charCodeAt(prev) === 61 /* = */) initStart = at;
          else { bodyStart = at; inBlock = true; }
        }
        depth++;
        break;
      case 125 /* } */:
        depth--;
        if (depth < 0) { unbalanced = true; depth = 0; }
        if (depth === 0 && inBlock && sawParen) endStatement(at + 1);
        break;
      case 59 /* ; */:
        if (depth === 0) endStatement(at + 1);
        break;
      case 41 /* ) */:
        if (depth === 0 && !inBlock) sawParen = true;
        break;
      default:
        // A legacy name (told by its last letter); inside a function body it is a use, not a declaration.
        if (depth === 0 || (inBlock && depth === 1 && !sawParen) || initStart >= 0) triggers |= TRIGGER_BY_LAST_CHAR[last] ?? 0;
        break;
    }
  }
  if (depth !== 0 || condDepth !== 0) unbalanced = true;
  const guard = unbalanced ? undefined : includeGuard(text, directives);
  if (guard) for (const inc of includes) if (inc.conditional) inc.conditional = directives.find((d) => d.start === inc.start)!.condDepth > 1;
  return { directives, defines, includes, statements, unbalanced, guard };
}

/** The macro tested by the innermost open `#ifndef NAME` / `#if !defined(NAME)`, when that is what encloses the current line. */
function openGuardOf(text: string, directives: Directive[], depth: number): string | undefined {
  if (depth === 0) return undefined;
  for (let i = directives.length - 2; i >= 0; i--) {
    const d = directives[i];
    if (d.condDepth < depth - 1) return undefined;
    if (d.condDepth !== depth - 1) continue;
    if (d.kind === 'else' || d.kind === 'elif' || d.kind === 'endif') return undefined;
    if (d.kind !== 'ifndef' && d.kind !== 'if') continue;
    GUARD_OPEN.lastIndex = d.start;
    const m = GUARD_OPEN.exec(text.slice(0, d.end));
    return m?.[1] ?? m?.[2];
  }
  return undefined;
}

const GUARD_OPEN = /[ \t]*#[ \t]*(?:ifndef[ \t]+([A-Za-z_]\w*)|if[ \t]+!\s*defined\s*\(?\s*([A-Za-z_]\w*)\s*\)?)[ \t]*(?:\/\*.*\*\/|\/\/.*)?$/y;

/** The file's include guard, when its first two directives open one and its last closes it with nothing but comments around. */
function includeGuard(text: string, directives: Directive[]): ScanResult['guard'] {
  const [open, define] = directives;
  if (!open || !define || define.kind !== 'define') return undefined;
  GUARD_OPEN.lastIndex = open.start;
  const m = GUARD_OPEN.exec(text.slice(0, open.end));
  const name = m?.[1] ?? m?.[2];
  if (!name || !new RegExp(`^[ \\t]*#[ \\t]*define[ \\t]+${name}\\b`).test(text.slice(define.start, define.end))) return undefined;
  if (firstCodeChar(text, 0, open.start) < open.start) return undefined;
  const close = directives.length - 1;
  const last = directives[close];
  if (last.kind !== 'endif' || last.condDepth !== 0 || firstCodeChar(text, last.end, text.length) < text.length) return undefined;
  // The closing #endif must be the one that matches the guard, not that of a later top-level #if.
  for (let i = 1; i < close; i++) if (directives[i].condDepth === 0 && directives[i].kind === 'endif') return undefined;
  return { open: 0, close };
}

/** Depth of the conditionals around a directive, not counting the file's include guard. */
export function effectiveCondDepth(s: ScanResult, d: Directive): number {
  if (!s.guard) return d.condDepth;
  const open = s.directives[s.guard.open];
  const close = s.directives[s.guard.close];
  return d.start > open.start && d.start < close.start ? d.condDepth - 1 : d.condDepth;
}

/** One conditional group around an offset: its opening directive and the branch directives (#elif, #else) passed before the offset. */
export interface EnclosingConditional {
  open: Directive;
  branches: Directive[];
}

/** Whether `offset` sits in the first branch of an `#if 0`: code that is never built. */
export function neverBuilt(text: string, s: ScanResult, offset: number): boolean {
  return inIfZero(text, enclosingConditionals(s, offset));
}

/** Whether any of the groups around some code (enclosingConditionals) puts it in the first branch of an `#if 0`. */
export function inIfZero(text: string, groups: readonly EnclosingConditional[]): boolean {
  return groups.some((g) => g.branches.length === 0 && /^[ \t]*#[ \t]*if[ \t]+0\b/.test(text.slice(g.open.start, g.open.end)));
}

/** Whether the code at `a` is built in every build that builds the code at `b`: its conditionals are a prefix of b's. */
export function builtWith(s: ScanResult, a: number, b: number): boolean {
  const ca = enclosingConditionals(s, a);
  const cb = enclosingConditionals(s, b);
  return ca.length <= cb.length && ca.every((g, i) => cb[i].open === g.open && cb[i].branches.length === g.branches.length);
}

/** The conditional groups enclosing `offset`, outermost first, the file's include guard left out. */
export function enclosingConditionals(s: ScanResult, offset: number): EnclosingConditional[] {
  return conditionalsAlong(s)(offset);
}

/**
 * enclosingConditionals for many offsets, asked in increasing order: one pass over the directives
 * for all of them. Each answer is a copy, which later answers do not change.
 */
export function conditionalsAlong(s: ScanResult): (offset: number) => EnclosingConditional[] {
  const stack: EnclosingConditional[] = [];
  const guardOpen = s.guard ? s.directives[s.guard.open] : undefined;
  let i = 0;
  return (offset) => {
    for (; i < s.directives.length && s.directives[i].start < offset; i++) {
      const d = s.directives[i];
      if (d.kind === 'if' || d.kind === 'ifdef' || d.kind === 'ifndef') stack.push({ open: d, branches: [] });
      else if (d.kind === 'elif' || d.kind === 'else') stack[stack.length - 1]?.branches.push(d);
      else if (d.kind === 'endif') stack.pop();
    }
    const groups = guardOpen && stack[0]?.open === guardOpen ? stack.slice(1) : stack;
    return groups.map((g) => ({ open: g.open, branches: [...g.branches] }));
  };
}
