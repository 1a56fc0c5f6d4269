/**
 * Reads the heads of the file's BPF programs (top-level function definitions with a
 * section attribute): their section, their `__section_tail(ID, KEY)` if any, and the
 * forward declaration a prog-array initializer needs.
 */
import { firstCodeChar, namesRawTailSection, type TopStatement } from './scan.js';
import { headTokens, attributeSection, type SectionSpelling } from './legacy-map.js';
import { tokenize, expand, expandText, splitArgs, type MacroTable } from './cexpr.js';
import { parseC, type Tree } from './parser.js';
import { maskRanges } from './mask.js';
import { bpfLoadSlot, libbpfProgramType, NON_PROGRAM_SECTIONS, parseTailSection, scanInt } from '../abi/index.js';

/** Section facts (src/abi), re-exported for the rules that read them here. */
export { bpfLoadSlot, libbpfProgramType, NON_PROGRAM_SECTIONS };

export interface TailSection {
  idText: string;
  keyText: string;
  /** `%i` value of the stringified, macro-expanded argument, as the legacy loader reads it. */
  id?: number;
  key?: number;
  start: number;
  end: number;
}

export interface ProgramSection {
  /** Section name, e.g. "classifier". */
  name: string;
  /** How the file spells it: the attribute text as written (`__section_cls_entry`, `SEC("xdp")`). */
  text: string;
  spelling: SectionSpelling;
  start: number;
  end: number;
}

export interface Program {
  name: string;
  /**
   * A head written as a call of a project macro that gives both the section and the name
   * (samples/bpf's `PROG(PARSE_IP)(struct __sk_buff *skb)`): the macro, so that the section can
   * change in its definition.
   */
  headMacro?: string;
  /**
   * A section attribute bpf-migrate could not read (a macro from a header it cannot find, one it
   * cannot expand): the function may be a tail-call program, so no prog array can be wired exactly.
   */
  unreadSection?: string;
  start: number;
  bodyStart: number;
  section?: ProgramSection;
  tail?: TailSection;
  /** `int name(struct __sk_buff *skb);`, without `static` (see staticKeyword). */
  forwardDecl: string;
  /** The `static` keyword of the head, when the program has one. */
  staticKeyword?: { start: number; end: number };
}

/** The value the legacy loader reads for a `__section_tail` argument: stringified after macro expansion. */
export function tailArgValue(text: string, macros: MacroTable): number | undefined {
  const toks = tokenize(text);
  if (!toks) return undefined;
  const expanded = expand(toks, macros);
  if (!expanded || expanded.length !== 1) return undefined;
  // The raw text keeps suffixes (42U): %i stops at them, and then "/" does not match.
  const raw = expanded[0];
  const def = text.trim();
  if (/^\d/.test(raw) && /[uUlL]$/.test(def)) return undefined;
  return scanInt(raw)?.value;
}

const SECTIONISH = /\b(SEC|__section\w*|section)\b/;

/**
 * Whether a text may wire tail calls: name a prog array, a `__section_tail` program, or a raw
 * "ID/KEY" section. A header that does none of these adds nothing to its includers' slots.
 */
export function mayWireTailCalls(text: string): boolean {
  return text.includes('PROG_ARRAY') || text.includes('__section_tail') || namesRawTailSection(text);
}

export function readPrograms(text: string, statements: TopStatement[], macros: MacroTable): Program[] {
  const out: Program[] = [];
  for (const st of statements) {
    if (st.bodyStart < 0) continue;
    const start = firstCodeChar(text, st.boundary, st.bodyStart);
    const headText = text.slice(start, st.bodyStart);
    if (!headText.includes('(')) continue;
    const p = SECTIONISH.test(headText) ? readProgram(text, start, st, macros) : readMacroHeadedProgram(text, start, st, macros);
    if (p) out.push(p);
  }
  return out;
}

/** An object-like macro that stands for attributes only (`__maybe_unused`, `__unused`, `__always_inline`'s kin) or for nothing. */
function isAttributeMacro(name: string, macros: MacroTable): boolean {
  const def = macros.get(name);
  if (!def || def.params !== null) return false;
  const body = def.body.trim();
  return body === '' || /^__attribute__\s*\(\(.*\)\)$/.test(body);
}

function readProgram(text: string, start: number, st: TopStatement, macros: MacroTable): Program | undefined {
  const toks = headTokens(text, start, st.bodyStart);
  if (!toks) return undefined;
  let section: ProgramSection | undefined;
  let tail: TailSection | undefined;
  let unread: string | undefined;
  const masks: [number, number][] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.kind === 'comment') { masks.push([t.start, t.end]); continue; }
    if (t.kind === 'group') {
      // Parameters: `struct __sk_buff *skb __maybe_unused`.
      for (const m of t.text.matchAll(/[A-Za-z_]\w*/g)) if (isAttributeMacro(m[0], macros)) masks.push([t.start + m.index!, t.start + m.index! + m[0].length]);
      continue;
    }
    if (t.kind !== 'ident') continue;
    const next = toks[i + 1];
    // iproute2's two-argument form; a project's own `__section_tail(INDEX)` (Open vSwitch's eBPF datapath)
    // is read through its definition below, like any section macro.
    const args = t.text === '__section_tail' && next?.kind === 'group' ? splitArgs(next.text.slice(1, -1)) : [];
    if (args.length === 2) {
      tail = { idText: args[0], keyText: args[1], id: tailArgValue(args[0], macros), key: tailArgValue(args[1], macros), start: t.start, end: next!.end };
      masks.push([t.start, next!.end]);
      i++;
      continue;
    }
    const attrTokens = next?.kind === 'group' ? tokenize(t.text + next.text) : [t.text];
    if (!attrTokens) continue;
    const isMacro = macros.has(t.text) || t.text === 'SEC' || t.text === '__section' || t.text === '__attribute__';
    // Spelled like a section macro (`__section_tail`, `__section_cls_entry`, `SEC`), and not the function's own name.
    const sectionish = /^(?:__section\w*|SEC|\w+_SEC)$/.test(t.text) && !(next?.kind === 'group' && toks.slice(i + 2).every((x) => x.kind !== 'group'));
    if (!isMacro) {
      // A section macro from a header bpf-migrate cannot read: the program is there, its section unknown.
      if (sectionish) { unread = text.slice(t.start, next?.kind === 'group' ? next.end : t.end); masks.push([t.start, next?.kind === 'group' ? next.end : t.end]); if (next?.kind === 'group') i++; }
      continue;
    }
    // `skb __maybe_unused`: an attribute macro tree-sitter cannot read, and a forward declaration does not need.
    if (next?.kind !== 'group' && isAttributeMacro(t.text, macros)) { masks.push([t.start, t.end]); continue; }
    const s = attributeSection(attrTokens, macros);
    if (s && s !== 'unknown-macro') {
      const end = next?.kind === 'group' ? next.end : t.end;
      section = { name: s.section, text: text.slice(t.start, end), spelling: s.spelling, start: t.start, end };
      masks.push([t.start, end]);
      if (next?.kind === 'group') i++;
    } else if (next?.kind === 'group' && t.text === '__attribute__') {
      masks.push([t.start, next.end]);
      i++;
    } else if (sectionish) {
      unread = text.slice(t.start, next?.kind === 'group' ? next.end : t.end);
      masks.push([t.start, next?.kind === 'group' ? next.end : t.end]);
      if (next?.kind === 'group') i++;
    }
  }
  // A section spelled out as "ID/KEY" is a tail call too.
  const raw = !tail && section ? parseTailSection(section.name) : undefined;
  if (raw && section) {
    tail = { ...raw, start: section.start, end: section.end };
    section = undefined;
  }
  if (!section && !tail && unread === undefined) return undefined;
  const masked = maskRanges(text, start, st.bodyStart, masks) + ';';
  const head = functionHead(parseC(masked));
  if (!head) return undefined;
  const nameText = masked.slice(head.nameStart, head.nameEnd);
  // Forward declaration: the head without its section attributes, on one line.
  const staticTok = toks.find((t) => t.kind === 'ident' && t.text === 'static');
  const forwardDecl = (staticTok ? maskRanges(masked, 0, masked.length, [[staticTok.start - start, staticTok.end - start]]) : masked).slice(0, head.end).replace(/\s+/g, ' ').replace(/ ([),])/g, '$1').replace(/\( /g, '(').trim()
    .replace(/^(inline |__always_inline |__inline )+/, '') + ';';
  return {
    name: nameText, start, bodyStart: st.bodyStart, section, tail, forwardDecl, staticKeyword: staticTok && { start: staticTok.start, end: staticTok.end },
    unreadSection: !section && !tail ? unread : undefined,
  };
}

/**
 * The first function declarator of the parse's first declaration: where it ends, and where
 * its name is when that is a plain identifier. One cursor walk, no node objects.
 */
function functionHead(tree: Tree): { end: number; nameStart: number; nameEnd: number } | undefined {
  const cursor = tree.rootNode.walk();
  const type = (): string => cursor.nodeType;
  if (!cursor.gotoFirstChild()) return undefined;
  while (type() !== 'declaration') if (!cursor.gotoNextSibling()) return undefined;
  // Pre-order search of the declaration for its first function_declarator.
  const depth0 = cursor.currentDepth;
  for (;;) {
    if (type() === 'function_declarator') break;
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent() || cursor.currentDepth <= depth0) return undefined;
    }
  }
  const end = cursor.endIndex;
  if (!cursor.gotoFirstChild()) return undefined;
  do {
    if (cursor.currentFieldName === 'declarator') {
      return type() === 'identifier' ? { end, nameStart: cursor.startIndex, nameEnd: cursor.endIndex } : undefined;
    }
  } while (cursor.gotoNextSibling());
  return undefined;
}

const MACRO_HEAD = /^([A-Za-z_]\w*)\s*(\((?:[^()]|\([^()]*\))*\))\s*(\([^{]*\))\s*$/;

/**
 * A program whose head is a call of a function-like macro standing for its section and its
 * type and name (`#define PROG(F) SEC("socket/"__stringify(F)) int bpf_func_##F`), expanded as
 * the preprocessor would. The section is the string the expansion puts in `section(...)`.
 */
function readMacroHeadedProgram(text: string, start: number, st: TopStatement, macros: MacroTable): Program | undefined {
  const head = text.slice(start, st.bodyStart).replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ').trim();
  const m = MACRO_HEAD.exec(head);
  const def = m ? macros.get(m[1]) : undefined;
  if (!m || !def || def.params === null || !SECTIONISH.test(def.body)) return undefined;
  const expanded = expandText(`${m[1]}${m[2]}`, macros);
  if (!expanded) return undefined;
  const words = expanded.map((t) => t.text);
  const at = words.indexOf('section');
  if (at < 0 || words[at + 1] !== '(') return undefined;
  let close = at + 2;
  const parts: string[] = [];
  for (; close < words.length && words[close] !== ')'; close++) {
    const w = words[close];
    if (!/^"(?:[^"\\]|\\.)*"$/.test(w)) return undefined;
    parts.push(w.slice(1, -1));
  }
  // The attribute's closing parentheses, then the declaration's type and name.
  let rest = close + 1;
  while (words[rest] === ')' || words[rest] === ',' || words[rest] === 'used') rest++;
  const decl = words.slice(rest);
  const name = decl[decl.length - 1];
  if (decl.length < 2 || !/^[A-Za-z_]\w*$/.test(name) || decl.some((w) => !/^[A-Za-z_]\w*$|^\*$/.test(w))) return undefined;
  const callEnd = text.indexOf(m[2], start) + m[2].length;
  const sectionName = parts.join('');
  const section: ProgramSection = { name: sectionName, text: text.slice(start, callEnd), spelling: { kind: 'call', macro: m[1] }, start, end: callEnd };
  const params = m[3].replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')');
  const tail = parseTailSection(sectionName);
  return {
    name, start, bodyStart: st.bodyStart, headMacro: m[1],
    section: tail ? undefined : section,
    tail: tail ? { ...tail, start, end: callEnd } : undefined,
    forwardDecl: `${decl.join(' ').replace(/ \* /g, ' *')}${params};`,
  };
}
