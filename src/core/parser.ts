/**
 * tree-sitter-c, loaded on first use so that runs which never parse (no legacy names in
 * any file) do not pay for the native module.
 */
import { createRequire } from 'node:module';
import type ParserType from 'tree-sitter';

export type SyntaxNode = ParserType.SyntaxNode;
export type Tree = ParserType.Tree;

let parser: ParserType | undefined;

function getParser(): ParserType {
  if (!parser) {
    const require = createRequire(import.meta.url);
    const Parser = require('tree-sitter') as typeof ParserType;
    const C = require('tree-sitter-c');
    parser = new Parser();
    parser.setLanguage(C);
  }
  return parser;
}

/**
 * Parses C text. Node indices in the result are JavaScript string indices (not UTF-8 bytes).
 * The binding copies the text into a buffer of `bufferSize` UTF-16 units, which it allocates and
 * zero-fills on every parse (32 K units by default, more than most of the spans parsed here):
 * sized to the text, the whole text is read in one go and nothing is cleared for nothing.
 */
export function parseC(text: string): Tree {
  const p = getParser();
  return p.parse(text, null, { bufferSize: text.length + 1 });
}

/** Number of ERROR and MISSING nodes under `node`: the measure of "parses worse". */
export function countSyntaxErrors(node: SyntaxNode): number {
  if (!node.hasError) return 0;
  let n = 0;
  const cursor = node.walk();
  let done = false;
  while (!done) {
    const cur = cursor.currentNode;
    if (cur.type === 'ERROR' || cur.isMissing) n++;
    if (cur.hasError && cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) { done = true; break; }
    }
  }
  return n;
}

/**
 * Whether several texts (statements) each parse without error, told by one parse of them all, one
 * after the other with a newline between, when that parse is clean and none of its top-level
 * nodes crosses from one text into the next: complete top-level items parse together as they do
 * alone. Undefined when that does not settle it (then each must be parsed alone, as an error in
 * one would be read into its neighbours). One parse instead of one per statement: each call costs
 * the binding some 30 microseconds, more than a short statement's own parse.
 */
export function allParseClean(texts: readonly string[]): true | undefined {
  const ends: number[] = [];
  let at = 0;
  for (const t of texts) {
    at += t.length;
    ends.push(at);
    at += 1;
  }
  const root = parseC(texts.join('\n')).rootNode;
  if (root.hasError) return undefined;
  const cursor = root.walk();
  if (!cursor.gotoFirstChild()) return true;
  let k = 0;
  do {
    while (k < ends.length && ends[k] <= cursor.startIndex) k++;
    if (k === ends.length || cursor.endIndex > ends[k]) return undefined;
  } while (cursor.gotoNextSibling());
  return true;
}
