/**
 * Tail calls and map-in-map on paper: the slots the legacy loader would fill, read from the
 * compiled legacy object (its "maps" section and "ID/KEY" program sections), are exactly the
 * `.values` entries of the migrated source, with keys evaluated as the compiler would.
 * (test/verify-corpus.test.ts proves the same through the kernel.)
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { corpusCases, CORPUS_INCLUDE } from './support/corpus.js';
import { compileSource, readLegacyObject, expectedState } from '../src/loader/index.js';
import { buildFileModel } from '../src/core/file.js';
import { evaluate, expand } from '../src/core/cexpr.js';
import { HeaderCache } from '../src/core/headers.js';
import { FsIncludeProvider } from '../src/fs/include-provider.js';

const pairs = corpusCases().filter((c) => c.output && (c.ruleId === 'tail-call-prog-array' || c.ruleId === 'map-in-map'));
const provider = new FsIncludeProvider([CORPUS_INCLUDE]);
const cache = new HeaderCache();

/**
 * The migrated source as the compiler sees it: `#if` branches taken, macros kept (only `#if`
 * lines are resolved, by clang's preprocessor run on the file alone, includes left out).
 */
function asBuilt(path: string, text: string): string {
  if (!/^[ \t]*#[ \t]*(if|ifdef|ifndef)\b/m.test(text)) return text;
  const kept = text.replace(/^[ \t]*#[ \t]*include\b.*$/gm, '');
  const out = execFileSync('clang', ['-E', '-P', '-x', 'c', '-'], { input: kept, encoding: 'utf8', cwd: dirname(path) });
  return out;
}

/** `map name -> { slot -> target }` from the `.values` initializers of a migrated source, in the build the file describes. */
function slotsOnPaper(path: string, source: string): Record<string, Record<number, string>> {
  const file = buildFileModel(source, { path, provider, headerCache: cache });
  const text = asBuilt(path, source);
  const out: Record<string, Record<number, string>> = {};
  for (const m of text.matchAll(/\}\s*([A-Za-z_]\w*)\s+(?:SEC|__section)\s*\(\s*"\.maps"\s*\)\s*=\s*\{\s*\.values\s*=\s*\{([\s\S]*?)\}\s*,?\s*\}\s*;/g)) {
    const slots: Record<number, string> = {};
    for (const e of m[2].matchAll(/\[([^\]]+)\]\s*=\s*(?:\(void \*\))?&([A-Za-z_]\w*)/g)) {
      const key = evaluate(e[1], file.macros);
      expect(key, `key ${e[1]} of ${m[1]} evaluates`).toBeDefined();
      slots[Number(key)] = e[2];
    }
    // A macro map name (CALLS_MAP) is the symbol it expands to.
    out[expand([m[1]], file.macros)?.join('') ?? m[1]] = slots;
  }
  return out;
}

const expected = new Map<string, Record<string, Record<number, string>>>();

describe('prog-array and map-in-map slots on paper', () => {
  beforeAll(async () => {
    for (const c of pairs) {
      const r = await compileSource({ path: c.input, text: readFileSync(c.input, 'utf8') }, { includeDirs: [CORPUS_INCLUDE], defines: [], cflags: [] });
      if (!r.ok) throw new Error(`${c.input} does not compile:\n${r.stderr}`);
      const slots: Record<string, Record<number, string>> = {};
      for (const m of expectedState(readLegacyObject(r.object!)).maps) if (Object.keys(m.slots).length > 0) slots[m.name] = m.slots;
      expected.set(c.name, slots);
    }
  });

  it('covers the tail-call and map-in-map corpus', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(12);
  });

  for (const c of pairs) {
    it(c.name, () => {
      expect(slotsOnPaper(c.output!, readFileSync(c.output!, 'utf8'))).toEqual(expected.get(c.name));
    });
  }
});
