/**
 * The parse check reads many statements in one tree-sitter parse (allParseClean). That is only
 * sound if "clean together" implies "clean alone" for every statement: otherwise an output whose
 * statements parse worse alone could pass the check.
 */
import { describe, expect, it } from 'vitest';
import { allParseClean, countSyntaxErrors, parseC } from '../src/core/parser.js';
import { Rng } from '../bench/generate.js';

const clean = [
  'int x;',
  'static const int y = 3;',
  'struct s { int a; };',
  'int f(void) { return 0; }',
  'struct { int (*type)[1]; } m;',
  'typedef unsigned int u32;',
  'int g(int a, char *b) {}',
  '/* a comment */ int z;',
];
const broken = [
  'int x',
  'struct s { int a; }',
  'int f(void) {',
  '= 3;',
  'FOO(bar)',
  'int )(;',
  'struct {',
  '}',
];

function aloneClean(t: string): boolean {
  return countSyntaxErrors(parseC(t).rootNode) === 0;
}

describe('allParseClean', () => {
  it('says clean for statements that each parse clean', () => {
    expect(clean.every(aloneClean)).toBe(true);
    expect(allParseClean(clean)).toBe(true);
  });

  it('never says clean when one statement alone has an error, whatever its neighbours', () => {
    expect(broken.some(aloneClean)).toBe(false);
    const rng = new Rng(7);
    const next = () => rng.next();
    let togetherClean = 0;
    for (let i = 0; i < 400; i++) {
      const texts = Array.from({ length: 2 + Math.floor(next() * 4) }, () => {
        const pool = next() < 0.7 ? clean : broken;
        return pool[Math.floor(next() * pool.length)];
      });
      const verdict = allParseClean(texts);
      if (verdict) togetherClean++;
      if (verdict) expect(texts.every(aloneClean), JSON.stringify(texts)).toBe(true);
      // And every list of clean statements is found clean in one parse.
      if (texts.every(aloneClean)) expect(verdict, JSON.stringify(texts)).toBe(true);
    }
    expect(togetherClean).toBeGreaterThan(0);
  });

  it('does not let a statement that is only complete with its neighbour pass: `struct s {...}` then `x;`', () => {
    // Together they read as one declaration `struct s { int a; } x;`: a node crosses the edge.
    expect(allParseClean(['struct s { int a; }', 'x;'])).toBeUndefined();
  });
});
