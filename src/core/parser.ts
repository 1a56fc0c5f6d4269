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

/** Parses C text. Node indices in the result are JavaScript string indices (not UTF-8 bytes). */
export function parseC(text: string): Tree {
  const p = getParser();
  return p.parse(text, null, { bufferSize: Math.max(32 * 1024, text.length * 2 + 16) });
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
