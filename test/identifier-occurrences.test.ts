/**
 * identifierOccurrences (src/core/legacy-map.ts) finds names with indexOf; it must answer exactly
 * what the regex scan it replaced answered: every `[A-Za-z_]\w*` word of the text that is one of
 * the names, by name, at each start in order. That includes the regex's odd reading of a word
 * after digits (`1foo` holds `foo` at 1) and JavaScript's ASCII-only `\w` (`éfoo` holds `foo`).
 * Only the entries count: callers look names up, so the Map's insertion order is not compared.
 */
import { describe, expect, it } from 'vitest';
import { identifierOccurrences } from '../src/core/legacy-map.js';
import { Rng } from '../bench/generate.js';

/** The implementation before the rewrite, as the reference. */
function byRegex(text: string, names: ReadonlySet<string>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  if (names.size === 0) return out;
  for (const m of text.matchAll(/[A-Za-z_]\w*/g)) {
    if (!names.has(m[0])) continue;
    const list = out.get(m[0]);
    if (list) list.push(m.index!); else out.set(m[0], [m.index!]);
  }
  return out;
}

/** A Map's entries sorted by name: equal iff the two Maps hold the same names at the same offsets. */
function entries(m: Map<string, number[]>): [string, number[]][] {
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function check(text: string, names: string[]): Map<string, number[]> {
  const set = new Set(names);
  const got = identifierOccurrences(text, set);
  expect(entries(got), JSON.stringify({ text, names })).toEqual(entries(byRegex(text, set)));
  return got;
}

describe('identifierOccurrences', () => {
  it('finds names at the start and end of the text and next to punctuation', () => {
    expect(check('foo', ['foo']).get('foo')).toEqual([0]);
    expect(check('foo+foo', ['foo']).get('foo')).toEqual([0, 4]);
    expect(check('(foo);&foo->x.foo[foo]\nfoo', ['foo']).get('foo')).toEqual([1, 7, 14, 18, 23]);
    expect(check('sizeof(m) m.max_elem *m', ['m', 'max_elem']).get('max_elem')).toEqual([12]);
  });

  it('reads a word after digits as the regex does: `1foo` holds `foo`, `a1foo` and `1_foo` do not', () => {
    expect(check('1foo', ['foo']).get('foo')).toEqual([1]);
    expect(check('x 12foo', ['foo']).get('foo')).toEqual([4]);
    for (const text of ['a1foo', '_foo', 'foo_', 'foo1', 'ffoo', 'fooo', '1_foo', '0x1foo', 'foo1foo', '1foo1foo']) {
      expect(check(text, ['foo']).has('foo'), text).toBe(false);
    }
  });

  it('does not find a name inside a longer word of the same letters, nor overlapping itself', () => {
    expect(check('aaa', ['aa']).has('aa')).toBe(false);
    expect(check('aaaa', ['aa']).has('aa')).toBe(false);
    expect(check('aa aa;aa', ['aa']).get('aa')).toEqual([0, 3, 6]);
    expect(check('aa aaa aa', ['aa', 'aaa']).get('aaa')).toEqual([3]);
  });

  it('tells apart names that are prefixes of each other', () => {
    const got = check('a ab abc abcd ab', ['a', 'ab', 'abc']);
    expect(entries(got)).toEqual([['a', [0]], ['ab', [2, 14]], ['abc', [5]]]);
  });

  it('leaves out names that do not occur, and answers an empty Map for no names', () => {
    const got = check('foo bar', ['foo', 'baz', 'fo']);
    expect([...got.keys()]).toEqual(['foo']);
    expect(check('foo bar', []).size).toBe(0);
    expect(check('', ['foo']).size).toBe(0);
  });

  it('takes only ASCII letters, digits and _ as word characters, as JavaScript\'s \\w does', () => {
    expect(check('éfoo', ['foo']).get('foo')).toEqual([1]);
    expect(check('fooé', ['foo']).get('foo')).toEqual([0]);
    expect(check('1éfoo', ['foo']).get('foo')).toEqual([2]);
    expect(check('ßfooß foo$ $foo', ['foo']).get('foo')).toEqual([1, 6, 12]);
    expect(check('٣foo \u00a0foo\u00a0 𝑥foo', ['foo']).get('foo')).toEqual([1, 6, 13]);
  });

  it('answers what the regex scan answers on thousands of random texts and name sets', () => {
    // The bench's seeded generator (mulberry32), so that a failure reproduces.
    const rng = new Rng(0x5eed1234);
    const random = () => rng.next();
    const pick = (s: string) => s[Math.floor(random() * s.length)];
    const ALPHABET = 'ab1_ (.;\né';
    const identifier = () => {
      let s = pick('ab_');
      for (let n = Math.floor(random() * 4); n > 0; n--) s += pick('ab1_');
      return s;
    };
    let hits = 0;
    for (let round = 0; round < 4000; round++) {
      let text = '';
      for (let n = Math.floor(random() * 40); n > 0; n--) text += pick(ALPHABET);
      const names: string[] = [];
      for (let n = Math.floor(random() * 5); n > 0; n--) names.push(identifier());
      // Half the time, also a word the text does hold, so that most rounds find something.
      const words = [...text.matchAll(/[A-Za-z_]\w*/g)].map((m) => m[0]);
      if (words.length > 0 && random() < 0.5) names.push(words[Math.floor(random() * words.length)]);
      const set = new Set(names);
      const got = identifierOccurrences(text, set);
      const want = byRegex(text, set);
      if (want.size > 0) hits++;
      expect(entries(got), JSON.stringify({ round, text, names })).toEqual(entries(want));
    }
    // The generator must exercise the matching case, not only the empty answer.
    expect(hits).toBeGreaterThan(1000);
  });
});
