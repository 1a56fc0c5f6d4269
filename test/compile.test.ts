/** Every corpus input and output compiles with clang -O2 -g -target bpf; outputs hold BTF maps and no legacy section. */
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import { corpusCases, CORPUS_INCLUDE } from './support/corpus.js';
import { clangAvailable, compileBpf, inPool, type CompileOutcome } from './support/clang.js';

const cases = corpusCases();
const results = new Map<string, CompileOutcome>();

describe('corpus compiles', () => {
  beforeAll(async () => {
    if (!(await clangAvailable())) throw new Error('clang not found: run scripts/setup.sh (Debian packages clang, llvm, libbpf-dev)');
    const dir = mkdtempSync(join(tmpdir(), 'bpf-migrate-compile-'));
    const files = cases.flatMap((c) => [c.input, ...(c.output ? [c.output] : [])]);
    const outs = await inPool(files, (f, ) => compileBpf(f, join(dir, `${basename(f)}.${files.indexOf(f)}.o`), [CORPUS_INCLUDE]));
    for (const o of outs) results.set(o.file, o);
    rmSync(dir, { recursive: true, force: true });
  });

  for (const c of cases) {
    it(`${c.name}: input compiles`, () => {
      const r = results.get(c.input)!;
      expect(r.ok, r.stderr).toBe(true);
    });
    if (c.output) {
      it(`${c.name}: output compiles to BTF maps only`, () => {
        const r = results.get(c.output!)!;
        expect(r.ok, r.stderr).toBe(true);
        expect(r.sections).not.toContain('maps');
        expect(r.sections).toContain('.maps');
      });
    }
  }
});
