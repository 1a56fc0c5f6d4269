/**
 * Reads one legacy map declaration (`struct bpf_elf_map` or `struct bpf_map_def` in section
 * "maps") into a model the rules can reason about: its head, its section attribute, and
 * each initializer field with the exact span that a rewrite replaces.
 */
import { firstCodeChar, type Directive, type TopStatement } from './scan.js';
import { parseC, type SyntaxNode, type Tree } from './parser.js';
import { tokenize, expand, expandText, looksLikeType, type MacroTable } from './cexpr.js';
import type { StructLayout } from './headers.js';
import { maskKnownMacros, maskRanges } from './mask.js';
import { ELF_MAP_FIELD_NAMES, LEGACY_FIELD_SPELLINGS, MAP_DEF_FIELD_NAMES, type LegacyFieldName } from '../abi/index.js';

export type LegacyKind = 'elf' | 'mapdef';

/** Canonical field names, shared by both legacy structs. */
export type FieldName = LegacyFieldName;

export function fieldTable(kind: LegacyKind): Readonly<Record<string, FieldName>> {
  return kind === 'elf' ? ELF_MAP_FIELD_NAMES : MAP_DEF_FIELD_NAMES;
}

export interface MapField {
  /** Canonical name. */
  name: FieldName;
  /** The name as the struct spells it (`size_key`), for messages. */
  spelling: string;
  /** The value expression exactly as written. */
  value: string;
  /** For `sizeof(T)` values where T is a type: T as written. */
  sizeofType?: string;
  /** Span of the item, from its first character to past its trailing comma (if any). */
  start: number;
  end: number;
  /** Number of enclosing preprocessor conditionals inside the initializer. */
  condDepth: number;
  /** Comments between the value and its comma (` /* eight *\/`), which the member keeps after its `;`. */
  trailingComments?: string;
}

/** How the declaration puts the map into section "maps". */
export type SectionSpelling =
  | { kind: 'call'; macro: string }
  /** `text` as written; `arg` is the section argument in it (`"maps"`, or a macro naming the string). */
  | { kind: 'attribute'; text: string; arg?: string };

export interface LegacyMap {
  kind: LegacyKind;
  /** Declarator as written (`CALLS_MAP`), and what it expands to (`cilium_calls_1`). */
  name: string;
  symbol: string;
  /** First character of the declaration (after leading comments). */
  start: number;
  /** Past the closing `;`. */
  end: number;
  /** Where the leading comments begin; the previous statement ends here. */
  boundary: number;
  /** The head `... = {` spans [start, headEnd). */
  headEnd: number;
  /** Offset of the initializer's closing `}`. */
  closeBrace: number;
  /** Comments between that brace and the `;`, kept after the rewritten declaration. */
  closingComments?: string;
  qualifiers: string[];
  isStatic: boolean;
  /** Comments found inside the head, kept by the rewrite. */
  headComments: string[];
  section: SectionSpelling;
  /** Set when the section macro could not be resolved and "maps" was assumed from its name. */
  assumedSection?: string;
  /** Attributes other than the section one, kept by the rewrite. */
  otherAttributes: string[];
  fields: MapField[];
  /** True when some field is inside #if/#else in the initializer. */
  hasConditionalFields: boolean;
  line: number;
  condDepth: number;
}

export interface MapProblem {
  messageId: 'unreadableInitializer' | 'conditionalCutsField' | 'unknownField' | 'positionalWithoutLayout'
  | 'duplicateField' | 'unknownMacroInHead' | 'nestedDesignator' | 'notMapsSection';
  detail: string;
  start: number;
  end: number;
}

export type ReadResult =
  | { ok: true; map: LegacyMap }
  | { ok: false; problem: MapProblem; name?: string; start: number }
  /** `suspect`: no declaration bpf-migrate reads, yet it initializes a legacy struct in a section: why it was not read. */
  | { ok: false; notAMap: true; suspect?: string };

export interface HeadToken {
  kind: 'ident' | 'group' | 'string' | 'punct' | 'comment';
  text: string;
  start: number;
  end: number;
}

const HEAD_TOKEN = /(?:\s|\\\r?\n)*(?:(\/\*[\s\S]*?\*\/|\/\/[^\n]*)|([A-Za-z_]\w*)|("(?:[^"\\]|\\.)*")|([*=[\](),;]|\S))/y;

export function headTokens(text: string, from: number, to: number): HeadToken[] | undefined {
  const out: HeadToken[] = [];
  let i = from;
  while (i < to) {
    HEAD_TOKEN.lastIndex = i;
    const m = HEAD_TOKEN.exec(text);
    if (!m || HEAD_TOKEN.lastIndex > to) {
      if (text.slice(i, to).trim() === '') break;
      return undefined;
    }
    const start = HEAD_TOKEN.lastIndex - (m[1] ?? m[2] ?? m[3] ?? m[4]).length;
    i = HEAD_TOKEN.lastIndex;
    if (m[1]) out.push({ kind: 'comment', text: m[1], start, end: i });
    else if (m[2]) out.push({ kind: 'ident', text: m[2], start, end: i });
    else if (m[3]) out.push({ kind: 'string', text: m[3], start, end: i });
    else if (m[4] === '(') {
      // Balanced group, taken whole.
      let depth = 0;
      let j = start;
      for (; j < to; j++) {
        const c = text[j];
        if (c === '"') { j = text.indexOf('"', j + 1); if (j < 0) return undefined; continue; }
        if (c === '(') depth++;
        else if (c === ')' && --depth === 0) break;
      }
      if (j >= to) return undefined;
      out.push({ kind: 'group', text: text.slice(start, j + 1), start, end: j + 1 });
      i = j + 1;
    } else out.push({ kind: 'punct', text: m[4], start, end: i });
  }
  return out;
}

const QUALIFIERS = new Set(['static', 'const', 'volatile', 'extern']);

/** Words that cannot name a map: a head that leaves one of them as the declarator is not a declaration we read. */
const C_KEYWORDS = new Set([
  'auto', 'break', 'case', 'char', 'const', 'continue', 'default', 'do', 'double', 'else', 'enum', 'extern', 'float',
  'for', 'goto', 'if', 'inline', 'int', 'long', 'register', 'restrict', 'return', 'short', 'signed', 'sizeof', 'static',
  'struct', 'switch', 'typedef', 'union', 'unsigned', 'void', 'volatile', 'while', '_Bool', '_Static_assert', 'typeof',
]);

/**
 * What section an attribute puts a declaration in, following project macros:
 * `__section("maps")`, `SEC("maps")`, `__attribute__((section("maps"), used))`, or a macro
 * such as `__section_maps` that expands to one of them.
 */
/** The section a call of a function-like section macro puts its declaration in, read from the call's expansion. */
function expandedSection(tokens: string[], macros: MacroTable): { section: string; spelling: SectionSpelling } | undefined {
  const def = macros.get(tokens[0]);
  if (!def || def.params === null) return undefined;
  const words = expandText(tokens.join(' '), macros)?.map((t) => t.text);
  const at = words?.indexOf('section') ?? -1;
  if (!words || at < 0 || words[at + 1] !== '(') return undefined;
  let name = '';
  let i = at + 2;
  for (; words[i]?.startsWith('"'); i++) {
    try { name += JSON.parse(words[i]) as string; } catch { return undefined; }
  }
  return i > at + 2 && words[i] === ')' ? { section: name, spelling: { kind: 'call', macro: tokens[0] } } : undefined;
}

export function attributeSection(
  tokens: string[],
  macros: MacroTable,
): { section: string; spelling: SectionSpelling } | 'unknown-macro' | undefined {
  if (tokens.length === 0) return undefined;
  if (tokens[0] === '__attribute__') {
    const i = tokens.indexOf('section');
    const name = i < 0 || tokens[i + 1] !== '(' || tokens[i + 3] !== ')' ? undefined : sectionString(tokens[i + 2], macros);
    if (name === undefined) return undefined;
    return { section: name, spelling: { kind: 'attribute', text: tokens.join(' '), arg: tokens[i + 2] } };
  }
  const head = tokens[0];
  if (/^[A-Za-z_]\w*$/.test(head) && tokens[1] === '(' && tokens[tokens.length - 1] === ')' && tokens.length >= 4
    && (tokens.length === 4 || tokens.slice(2, -1).every((t) => t.startsWith('"')))) {
    // `__section("maps")`, `__section(ELF_SECTION_MAPS)`, `__section("ma" "ps")`.
    const name = tokens.length === 4 ? sectionString(tokens[2], macros) : tokens.slice(2, -1).map((t) => JSON.parse(t) as string).join('');
    // A project's section macro whose argument is no string (`__section_tail(PARSER_CALL)`): its expansion says.
    if (name === undefined) return expandedSection(tokens, macros);
    const def = macros.get(head);
    if (def && def.params !== null && !/\bsection\b|__section|SEC\b/.test(def.body)) return undefined;
    return { section: name, spelling: { kind: 'call', macro: head } };
  }
  if (tokens.length === 1 && /^[A-Za-z_]\w*$/.test(head)) {
    const def = macros.get(head);
    if (!def || def.params !== null) return 'unknown-macro';
    const body = tokenize(def.body);
    if (!body) return 'unknown-macro';
    // One level first, so that `__section_maps` -> `__section("maps")` keeps its macro name;
    // then object-like macros in the body (`__section(ELF_SECTION_MAPS)`).
    const inner = attributeSection(body, macros);
    if (inner && inner !== 'unknown-macro') return inner;
    const one = expand(body, macros, new Set([head]), undefined, true);
    if (one && one.join(' ') !== body.join(' ')) return attributeSection(one, macros);
    return inner;
  }
  return undefined;
}

/**
 * The spelling a migrated map keeps: an attribute as written (its section argument is what the
 * rewrite replaces), or, when the argument is not in the written text (a macro such as
 * `__section_maps` that expands to the attribute), the file's convention: the map must leave
 * section "maps" either way.
 */
function writtenSection(spelling: SectionSpelling, written: string, convention: SectionSpelling): SectionSpelling {
  if (spelling.kind === 'call') return spelling;
  const arg = spelling.arg ?? '"maps"';
  const at = written.search(new RegExp(`\\bsection\\s*\\(\\s*${arg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\)`));
  if (at < 0) return convention.kind === 'call' ? convention : { kind: 'attribute', text: '__attribute__((section("maps"), used))', arg: '"maps"' };
  return { kind: 'attribute', text: written, arg };
}

function standsForSeveralItems(name: string, macros: MacroTable): boolean {
  const toks = expand([name], macros);
  if (!toks) return macros.has(name);
  let depth = 0;
  for (const t of toks) {
    if (t === '(' || t === '[' || t === '{') depth++;
    else if (t === ')' || t === ']' || t === '}') depth--;
    else if (depth === 0 && (t === ',' || t === '.')) return true;
  }
  return false;
}

/** A section argument: a string literal, or an object-like macro that stands for one (iproute2's `ELF_SECTION_MAPS`). */
function sectionString(token: string | undefined, macros: MacroTable): string | undefined {
  if (token === undefined) return undefined;
  if (token.startsWith('"')) return JSON.parse(token) as string;
  if (!/^[A-Za-z_]\w*$/.test(token)) return undefined;
  const expanded = expand([token], macros, new Set(), undefined, true);
  if (!expanded || expanded.length === 0 || !expanded.every((t) => t.startsWith('"'))) return undefined;
  return expanded.map((t) => JSON.parse(t) as string).join('');
}

export interface ReadContext {
  text: string;
  directives: Directive[];
  macros: MacroTable;
  structs: Map<string, StructLayout>;
  /** Names the file declares with `typedef`. */
  typedefs: Set<string>;
  /** Some include could not be read (or is computed): macros from it are unknown. */
  headersIncomplete: boolean;
  /** How the file spells sections elsewhere, for a map whose own section macro is unknown. */
  sectionConvention: SectionSpelling;
  /** Lines are counted lazily by the caller; pass a function. */
  lineAt: (offset: number) => number;
  /** Other names of the legacy structs: typedefs and object-like macros. */
  aliases?: ReadonlyMap<string, LegacyKind>;
}

/** Reads a top-level statement as a legacy map declaration, if it is one. */
export function readLegacyMap(st: TopStatement, ctx: ReadContext): ReadResult {
  const { text } = ctx;
  const headStop = st.initStart >= 0 ? st.initStart : st.end - 1;
  // A directive before the head ends whatever came before it: the declaration starts after it.
  let boundary = st.boundary;
  for (const d of ctx.directives) if (d.start >= boundary && d.start < headStop) boundary = d.lineEnd;
  const start = firstCodeChar(text, boundary, st.end);
  const headEnd = st.initStart >= 0 ? st.initStart + 1 : -1;
  // What is not a map declaration stays unreported, unless it initializes a legacy struct in a
  // section: that is a map the legacy loader reads, which must not pass unseen.
  const head = text.slice(start, headStop);
  const suspect = (why: string): ReadResult => ({
    ok: false, notAMap: true,
    suspect: st.initStart >= 0 && !/\b(extern|typedef)\b/.test(head) && /\bsection\b|\bSEC\b|__section|"maps"/.test(head) ? why : undefined,
  });
  const toks = headTokens(text, start, headStop);
  if (!toks) return suspect('its declaration cannot be split into tokens');
  const code = toks.filter((t) => t.kind !== 'comment');
  if (code.some((t) => t.text === 'typedef')) return { ok: false, notAMap: true };
  const structTok = code.find((t, i) => t.text === 'struct' && (code[i + 1]?.text === 'bpf_elf_map' || code[i + 1]?.text === 'bpf_map_def'));
  // Or a name for the struct (`map_t __section("maps") m = {...}`): the alias stands for both tokens.
  const aliasTok = structTok ? undefined : code.find((t) => t.kind === 'ident' && ctx.aliases?.has(t.text));
  if (!structTok && !aliasTok) return { ok: false, notAMap: true };
  const structAt = toks.indexOf(structTok ?? aliasTok!);
  const tagAt = structTok ? toks.indexOf(code[code.indexOf(structTok) + 1]) : structAt;
  const kind: LegacyKind = aliasTok ? ctx.aliases!.get(aliasTok.text)! : toks[tagAt].text === 'bpf_elf_map' ? 'elf' : 'mapdef';
  if (toks.some((t) => t.kind === 'punct' && t.text === '*')) return { ok: false, notAMap: true };
  if (toks.some((t) => t.kind === 'punct' && t.text === '[')) return suspect('it declares an array of maps');
  if (toks.some((t) => t.kind === 'punct' && t.text === ',')) return suspect('it declares several maps');

  const qualifiers: string[] = [];
  const headComments: string[] = [];
  const attrs: { tokens: string[]; text: string; start: number; end: number }[] = [];
  const bare: HeadToken[] = [];
  let isStatic = false;
  let eq = -1;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (i === structAt || i === tagAt) continue;
    if (t.kind === 'comment') { headComments.push(t.text); continue; }
    if (t.kind === 'punct' && t.text === '=') { eq = i; continue; }
    if (t.kind !== 'ident') return suspect(`'${t.text}' in its declaration is not a name or an attribute`);
    if (QUALIFIERS.has(t.text)) {
      if (t.text === 'static') isStatic = true;
      else if (t.text === 'extern') return { ok: false, notAMap: true };
      else qualifiers.push(t.text);
      continue;
    }
    const next = toks[i + 1];
    if (next?.kind === 'group') {
      const inner = tokenize(t.text + next.text) ?? [];
      attrs.push({ tokens: inner, text: t.text + text.slice(t.end, next.end), start: t.start, end: next.end });
      i++;
      continue;
    }
    bare.push(t);
  }
  // The declarator is the last bare identifier after the struct that is not an attribute macro.
  let nameTok: HeadToken | undefined;
  const structEnd = toks[tagAt].end;
  for (let i = bare.length - 1; i >= 0; i--) {
    const t = bare[i];
    const def = ctx.macros.get(t.text);
    const asAttr = def && def.params === null ? attributeSection([t.text], ctx.macros) : undefined;
    if (!nameTok && t.start >= structEnd && (!asAttr || asAttr === 'unknown-macro')) { nameTok = t; continue; }
    attrs.push({ tokens: [t.text], text: t.text, start: t.start, end: t.end });
  }
  if (!nameTok || C_KEYWORDS.has(nameTok.text)) return suspect('its name cannot be told (a function-like macro?)');
  const name = nameTok.text;
  const symbolTokens = expand([name], ctx.macros);
  const symbol = symbolTokens && symbolTokens.length === 1 ? symbolTokens[0] : name;

  let section: SectionSpelling | undefined;
  let sectionName: string | undefined;
  let assumedSection: string | undefined;
  const otherAttributes: string[] = [];
  for (const a of attrs.sort((x, y) => x.start - y.start)) {
    let s = attributeSection(a.tokens, ctx.macros);
    // `__section_maps` and its kin from a header the tool cannot see: the legacy loader only
    // reads bpf_elf_map declarations in "maps", so that is where such a macro puts them.
    if (s === 'unknown-macro' && ctx.headersIncomplete && a.tokens.length === 1 && /section/i.test(a.text) && /maps?\b|maps?_|_maps?/i.test(a.text)) {
      s = { section: 'maps', spelling: ctx.sectionConvention };
      assumedSection = a.text;
    }
    if (s === 'unknown-macro') {
      return { ok: false, name, start, problem: { messageId: 'unknownMacroInHead', detail: a.text, start: a.start, end: a.end } };
    }
    if (s) {
      sectionName = s.section;
      section = assumedSection ? s.spelling : writtenSection(s.spelling, a.text, ctx.sectionConvention);
    } else otherAttributes.push(a.text);
  }
  if (!section) return { ok: false, notAMap: true };
  if (sectionName !== 'maps') {
    return { ok: false, name, start, problem: { messageId: 'notMapsSection', detail: sectionName ?? '', start, end: headStop } };
  }
  if (eq < 0 || st.initStart < 0) {
    return { ok: false, name, start, problem: { messageId: 'unreadableInitializer', detail: 'the initializer is not a brace list', start, end: st.end } };
  }

  // Parse the declaration with directives and head attributes blanked out, so tree-sitter
  // sees plain C with unchanged offsets.
  const inside = ctx.directives.filter((d) => d.start >= start && d.start < st.end);
  const opened = inside.filter((d) => d.kind === 'if' || d.kind === 'ifdef' || d.kind === 'ifndef').length;
  if (opened !== inside.filter((d) => d.kind === 'endif').length) {
    return { ok: false, name, start, problem: { messageId: 'unreadableInitializer', detail: 'an #if in it is not closed in it, or an #endif closes one opened outside', start, end: st.end } };
  }
  const masked = maskRanges(text, start, st.end, [
    ...inside.map((d) => [d.start, d.end] as [number, number]),
    ...attrs.map((a) => [a.start, a.end] as [number, number]),
  ]);
  const init = initializerOf(parseC(masked));
  if (!init) {
    return { ok: false, name, start, problem: { messageId: 'unreadableInitializer', detail: 'tree-sitter could not read the initializer', start, end: st.end } };
  }
  const base = start;
  const table = fieldTable(kind);
  const layout = ctx.structs.get(kind === 'elf' ? 'bpf_elf_map' : 'bpf_map_def');
  const fields: MapField[] = [];
  const kids = init.children;
  const textOf = (n: PlainNode) => text.slice(base + n.start, base + n.end);
  // The struct's fields in this build: one under `#ifdef X` is there when the file or its headers define X.
  const presence = (f: string): boolean | undefined => {
    if (!layout!.conditional.has(f)) return true;
    const conds = layout!.conditions.get(f);
    return conds ? conds.every(([macro, defined]) => ctx.macros.has(macro) === defined) : undefined;
  };
  const layoutFields = layout?.fields.filter((f) => presence(f) !== false);
  let position = 0;
  let hasConditionalFields = false;
  const seen = new Map<FieldName, number>();
  for (let k = 0; k < kids.length; k++) {
    const item = kids[k];
    if (item.type === '{' || item.type === '}' || item.type === ',' || item.type === 'comment') continue;
    let spelling: string;
    let valueNode: PlainNode;
    if (item.type === 'initializer_pair') {
      const designators = item.children.filter((c) => c.field === 'designator');
      if (designators.length !== 1 || designators[0].type !== 'field_designator') {
        return { ok: false, name, start, problem: { messageId: 'nestedDesignator', detail: designators.map(textOf).join(''), start: base + item.start, end: base + item.end } };
      }
      spelling = textOf(designators[0]).replace(/^\.\s*/, '');
      valueNode = item.children.find((c) => c.field === 'value')!;
      position = (layoutFields?.indexOf(spelling) ?? -1) + 1;
    } else {
      if (!layout) {
        return { ok: false, name, start, problem: { messageId: 'positionalWithoutLayout', detail: kind === 'elf' ? 'bpf_elf_map' : 'bpf_map_def', start: base + item.start, end: base + item.end } };
      }
      const f = layoutFields![position];
      if (f === undefined) {
        return { ok: false, name, start, problem: { messageId: 'unreadableInitializer', detail: `it has more values than struct ${kind === 'elf' ? 'bpf_elf_map' : 'bpf_map_def'} of ${layout.path} has fields`, start: base + item.start, end: base + item.end } };
      }
      if (presence(f) === undefined) {
        return { ok: false, name, start, problem: { messageId: 'unreadableInitializer', detail: `value ${position + 1} is field .${f} of ${layout.path}, which is there or not depending on a preprocessor conditional bpf-migrate cannot evaluate`, start: base + item.start, end: base + item.end } };
      }
      spelling = f;
      valueNode = item;
      position++;
      // A macro that stands for several fields (`COUNTER_DEFAULTS` = `.size_key = 4, .size_value = 8`) is not one value.
      if (item.type === 'identifier' && standsForSeveralItems(textOf(item), ctx.macros)) {
        return { ok: false, name, start, problem: { messageId: 'unreadableInitializer', detail: `${textOf(item)} stands for several fields`, start: base + item.start, end: base + item.end } };
      }
    }
    const canonical = table[spelling];
    if (!canonical) {
      return { ok: false, name, start, problem: { messageId: 'unknownField', detail: spelling, start: base + item.start, end: base + item.end } };
    }
    if (valueNode.type === 'initializer_list') {
      return { ok: false, name, start, problem: { messageId: 'unreadableInitializer', detail: `.${spelling} has a brace value`, start: base + item.start, end: base + item.end } };
    }
    const itemStart = base + item.start;
    let itemEnd = base + item.end;
    // `.size_value = 8 /* eight */,`: the comma belongs to the field, and the comments before it stay with the member.
    let afterValue = k + 1;
    while (kids[afterValue]?.type === 'comment') afterValue++;
    let trailingComments: string | undefined;
    if (kids[afterValue]?.type === ',') {
      if (afterValue > k + 1) trailingComments = text.slice(itemEnd, base + kids[afterValue].start).trimEnd();
      itemEnd = base + kids[afterValue].end;
    }
    const cut = inside.find((d) => d.start > itemStart && d.start < itemEnd);
    if (cut) {
      return { ok: false, name, start, problem: { messageId: 'conditionalCutsField', detail: spelling, start: cut.start, end: cut.end } };
    }
    const condDepth = inside.filter((d) => d.start < itemStart && (d.kind === 'if' || d.kind === 'ifdef' || d.kind === 'ifndef')).length
      - inside.filter((d) => d.start < itemStart && d.kind === 'endif').length;
    if (condDepth > 0) hasConditionalFields = true;
    const value = textOf(valueNode);
    const previous = seen.get(canonical);
    if (previous !== undefined && condDepth === 0 && previous === 0) {
      return { ok: false, name, start, problem: { messageId: 'duplicateField', detail: spelling, start: itemStart, end: itemEnd } };
    }
    seen.set(canonical, condDepth);
    let sizeofType: string | undefined;
    if (valueNode.type === 'sizeof_expression') {
      const ty = valueNode.children.find((c) => c.field === 'type');
      if (ty) sizeofType = textOf(ty);
      else {
        // `sizeof(x)` parses as an expression when x is a lone identifier: a type only if it looks like one.
        const arg = valueNode.children.find((c) => c.field === 'value');
        const named = arg?.type === 'parenthesized_expression' ? arg.children.filter((c) => c.named) : [];
        const ident = named.length === 1 && named[0].type === 'identifier' ? textOf(named[0]) : undefined;
        if (ident && (looksLikeType(ident) || ctx.typedefs.has(ident))) sizeofType = ident;
      }
    }
    // `.type /* t */ = /* u */ X`: comments inside the field go after its member too.
    const inner = item.type === 'initializer_pair' ? item.children.filter((c) => c.type === 'comment').map(textOf) : [];
    if (inner.length > 0) trailingComments = ` ${inner.join(' ')}${trailingComments ?? ''}`;
    fields.push({ name: canonical, spelling, value, sizeofType, start: itemStart, end: itemEnd, condDepth, trailingComments });
  }
  const closeNode = kids[kids.length - 1];
  if (closeNode?.type !== '}') {
    return { ok: false, name, start, problem: { messageId: 'unreadableInitializer', detail: 'unterminated initializer', start, end: st.end } };
  }
  // `a = { ... }, b = { ... };`: the rewrite would replace the whole statement with one map.
  if (firstCodeChar(text, base + closeNode.end, st.end) < st.end - 1) {
    return { ok: false, name, start, problem: { messageId: 'unreadableInitializer', detail: 'the statement declares more than one map; declare each on its own', start, end: st.end } };
  }
  // `} /* end */;`: comments between the closing brace and the semicolon stay after the new close.
  const closingComments = (text.slice(base + closeNode.end, st.end - 1).match(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g) ?? []).join(' ');
  return {
    ok: true,
    map: {
      kind, name, symbol, start, end: st.end, boundary, headEnd, closeBrace: base + closeNode.start, closingComments,
      qualifiers, isStatic, headComments, section, assumedSection, otherAttributes, fields, hasConditionalFields,
      line: ctx.lineAt(start), condDepth: st.condDepth,
    },
  };
}


interface PlainNode {
  type: string;
  /** Read only for the parts the reader looks at (the items of a parenthesized sizeof argument). */
  named: boolean;
  /** Read only for the children of an initializer pair and of a sizeof. */
  field: string | null;
  start: number;
  end: number;
  /** Read only for the initializer list, its pairs, and sizeof expressions with their argument. */
  children: PlainNode[];
}

/** Nodes whose children the map reader needs. Reading more through the binding costs more than the parse. */
const DESCEND = new Set(['initializer_list', 'initializer_pair', 'sizeof_expression']);
const SIZEOF_PUNCT = new Set(['sizeof', '(', ')', 'comment']);

/**
 * The initializer list of the parse of one masked declaration, as plain objects read in one
 * cursor walk, or undefined when the parse has errors or the declaration has no
 * `= { ... }` initializer.
 */
function initializerOf(tree: Tree): PlainNode | undefined {
  const root = tree.rootNode;
  if (root.hasError) return undefined;
  const cursor = root.walk();
  const findChild = (type: string): boolean => {
    if (!cursor.gotoFirstChild()) return false;
    do if (cursor.nodeType === type) return true; while (cursor.gotoNextSibling());
    return false;
  };
  if (!findChild('declaration') || !findChild('init_declarator')) return undefined;
  if (!cursor.gotoFirstChild()) return undefined;
  // init_declarator: declarator, `=`, value.
  let afterEq = false;
  for (;;) {
    const type = cursor.nodeType;
    if (afterEq && type !== 'comment') { if (type !== 'initializer_list') return undefined; break; }
    if (type === '=') afterEq = true;
    if (!cursor.gotoNextSibling()) return undefined;
  }
  // Field names are told from the node types rather than asked of the binding, one call less per node.
  // A loop with its own stack, not recursion: initializers nest as deep as the input says (`{{{...}}}`).
  const make = (parentType: string): PlainNode => ({
    type: cursor.nodeType, named: parentType === 'parenthesized_expression' ? cursor.nodeIsNamed : true, field: null,
    start: cursor.startIndex, end: cursor.endIndex, children: [],
  });
  const descends = (n: PlainNode, parentType: string) => DESCEND.has(n.type) || (n.type === 'parenthesized_expression' && parentType === 'sizeof_expression');
  const top = make('');
  const open: { node: PlainNode; afterEq: boolean }[] = [];
  if (descends(top, '') && cursor.gotoFirstChild()) open.push({ node: top, afterEq: false });
  while (open.length > 0) {
    const frame = open[open.length - 1];
    const type = frame.node.type;
    const child = make(type);
    if (type === 'initializer_pair' && child.type !== 'comment') {
      if (child.type === '=') frame.afterEq = true;
      else child.field = frame.afterEq ? 'value' : 'designator';
    } else if (type === 'sizeof_expression') {
      child.field = child.type === 'type_descriptor' ? 'type' : SIZEOF_PUNCT.has(child.type) ? null : 'value';
    }
    frame.node.children.push(child);
    if (descends(child, type) && cursor.gotoFirstChild()) { open.push({ node: child, afterEq: false }); continue; }
    // Next sibling, or back up through the lists that are done.
    while (open.length > 0 && !cursor.gotoNextSibling()) { cursor.gotoParent(); open.pop(); }
  }
  return top;
}

/** What legacyStructUse reads from a file: its text and its scan. */
export interface ScannedText {
  text: string;
  statements: readonly TopStatement[];
  scan: { directives: readonly Directive[] };
}

/** Where each of `names` occurs in `text` as a whole identifier: found with indexOf, no match object per word of the file. */
export function identifierOccurrences(text: string, names: ReadonlySet<string>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const name of names) {
    // Only identifiers are found (an empty name would be found everywhere, forever).
    if (!IDENTIFIER.test(name)) continue;
    const at: number[] = [];
    for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
      if (startsIdentifier(text, i) && !isWordCode(text.charCodeAt(i + name.length))) at.push(i);
    }
    if (at.length > 0) out.set(name, at);
  }
  return out;
}

const IDENTIFIER = /^[A-Za-z_]\w*$/;

function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** Whether an identifier starts at `i`: the word characters before it, if any, are digits (`1foo` holds `foo`, as `[A-Za-z_]\w*` reads it). */
function startsIdentifier(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0) {
    const c = text.charCodeAt(j);
    if (!isWordCode(c)) return true;
    if (c < 48 || c > 57) return false;
    j--;
  }
  return true;
}

/** Parsed spans of a file, by the offset they start at: a function with several uses is parsed once. */
const parsedSpans = new WeakMap<object, Map<number, { root: SyntaxNode; base: number }>>();

/**
 * The first use of map `name` that only its legacy struct allows, as the message shows it: a
 * field read (`name.max_elem`, `name->id`), `sizeof(name)`, an `extern struct bpf_elf_map name;`.
 * Migrated, such a use no longer compiles. `at` are the name's occurrences (identifierOccurrences);
 * those in [from, to), the declaration itself, are skipped. Each other occurrence is looked up in
 * the tree-sitter tree of the top-level statement or `#define` it stands in, so comments, spacing
 * and parentheses are C's. `externs`: whether the file says `extern` at all.
 */
export function legacyStructUse(file: ScannedText, name: string, at: readonly number[], from: number, to: number, externs: boolean): string | undefined {
  const { text } = file;
  for (const a of at) {
    if (a >= from && a < to) continue;
    // Most uses are `&name` (a lookup, an update, a tail call): nothing to parse.
    let p = a - 1;
    while (p >= 0 && /\s/.test(text[p])) p--;
    if (text[p] === '&') continue;
    const span = spanAt(file, a);
    if (!span) continue;
    const i = a - span.base;
    const node = span.root.descendantForIndex(i, i + name.length);
    if (node.startIndex !== i || node.endIndex !== i + name.length || !IDENTIFIERS.has(node.type)) continue;
    const parent = node.parent;
    if (parent?.type === 'field_expression' && parent.childForFieldName('argument')?.id === node.id) {
      const field = parent.childForFieldName('field');
      const op = parent.children.find((c) => c.type === '.' || c.type === '->');
      if (field && op && LEGACY_FIELD_SPELLINGS.has(field.text)) return `${name}${op.type}${field.text}`;
    }
    let up: SyntaxNode | null = parent;
    while (up && (up.type === 'parenthesized_expression' || up.type === 'type_descriptor')) up = up.parent;
    if (up?.type === 'sizeof_expression' && (up.childForFieldName('value') ?? up.childForFieldName('type'))) return `sizeof(${name})`;
    if (externs && isExternLegacyDeclarator(node)) return `extern struct ... ${name}`;
  }
  return undefined;
}

const IDENTIFIERS = new Set(['identifier', 'type_identifier']);
const DECLARATOR_WRAPPERS = new Set(['pointer_declarator', 'array_declarator', 'init_declarator', 'parenthesized_declarator', 'attributed_declarator']);

/** `name` declared by `extern struct bpf_elf_map name;` (or bpf_map_def, with others in the same declaration). */
function isExternLegacyDeclarator(node: SyntaxNode): boolean {
  let decl: SyntaxNode | null = node.parent;
  while (decl && DECLARATOR_WRAPPERS.has(decl.type)) decl = decl.parent;
  if (decl?.type !== 'declaration') return false;
  const type = decl.childForFieldName('type');
  const struct = type?.type === 'struct_specifier' ? type.childForFieldName('name')?.text : undefined;
  return (struct === 'bpf_elf_map' || struct === 'bpf_map_def') && decl.children.some((c) => c.type === 'storage_class_specifier' && c.text === 'extern');
}

/**
 * The tree of the top-level statement or `#define` body that holds offset `at`, with preprocessor
 * lines and section macros blanked; `base` maps its indices back to the text. Undefined when `at`
 * is in neither (another directive, the space between statements).
 */
function spanAt(file: ScannedText, at: number): { root: SyntaxNode; base: number } | undefined {
  const { text, statements } = file;
  const directives = file.scan.directives;
  let cache = parsedSpans.get(file);
  if (!cache) { cache = new Map(); parsedSpans.set(file, cache); }
  const d = directives[lastStartingBefore(directives, (x) => x.start, at)];
  if (d && at < d.end) {
    if (d.kind !== 'define') return undefined;
    const head = /^\s*#\s*define\s+[A-Za-z_]\w*(?:\([^)]*\))?/.exec(text.slice(d.start, d.end));
    if (!head) return undefined;
    const start = d.start + head[0].length;
    let hit = cache.get(start);
    if (!hit) {
      // The body as a statement of a function: positions shift by the prefix.
      const prefix = 'void __body(void) {';
      const body = text.slice(start, d.end).replace(/\\(?=\r?\n)/g, ' ');
      hit = { root: parseC(`${prefix}${maskKnownMacros(body)};}`).rootNode, base: start - prefix.length };
      cache.set(start, hit);
    }
    return hit;
  }
  const st = statements[lastStartingBefore(statements, (x) => x.boundary, at)];
  if (!st || at >= st.end) return undefined;
  const start = firstCodeChar(text, st.boundary, st.end);
  let hit = cache.get(start);
  if (!hit) {
    const inside = directives.filter((x) => x.start >= start && x.start < st.end).map((x): [number, number] => [x.start, x.end]);
    hit = { root: parseC(maskKnownMacros(maskRanges(text, start, st.end, inside))).rootNode, base: start };
    cache.set(start, hit);
  }
  return hit;
}

/** Index of the last item that starts at or before `at` (items sorted by start), or -1. */
function lastStartingBefore<T>(items: readonly T[], start: (item: T) => number, at: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (start(items[mid]) <= at) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}
