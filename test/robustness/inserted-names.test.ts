/**
 * Issue 15, row 8: text bpf-migrate inserts uses only names the file has, and a file is never
 * written when a map the run changed is also reported as an error.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileProcessor } from '../../src/run/process-file.js';
import { defineRule } from '../../src/core/rule.js';
import { rules } from '../../rules/index.js';

/** A samples/bpf-style map-in-map without a value size, in a file that spells its types with <stdint.h>. */
const STDINT_OUTER = `#include <stdint.h>
#define SEC(NAME) __attribute__((section(NAME), used))
enum { BPF_MAP_TYPE_ARRAY_OF_MAPS = 12 };
struct bpf_map_def {
\tunsigned int type;
\tunsigned int key_size;
\tunsigned int value_size;
\tunsigned int max_entries;
\tunsigned int map_flags;
\tunsigned int inner_map_idx;
};
struct bpf_map_def SEC("maps") outer = {
\t.type = BPF_MAP_TYPE_ARRAY_OF_MAPS,
\t.key_size = sizeof(uint32_t),
\t.max_entries = 1,
};
`;

const dir = mkdtempSync(join(tmpdir(), 'bpf-migrate-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('inserted text', () => {
  it("spells the value size without __u32 in a file that never names it, and the result compiles", () => {
    const file = join(dir, 'stdint.c');
    const r = new FileProcessor({ write: false, includeDirs: [], rules, keepText: true }).processText(file, STDINT_OUTER);
    expect(r.migrated).toEqual(['outer']);
    expect(r.output).toMatch(/__uint\(value_size, 4\);/);
    expect(r.output).not.toMatch(/\b__u32\b/);
    writeFileSync(file, r.output!);
    const cc = spawnSync('clang', ['-target', 'bpf', '-O2', '-g', '-c', file, '-o', join(dir, 'stdint.o')], { encoding: 'utf8' });
    expect(cc.status, cc.stderr).toBe(0);
  });

  it('keeps sizeof(__u32) where the file uses __u32', () => {
    const text = STDINT_OUTER.replace('#include <stdint.h>', '#include <linux/types.h>').replace('uint32_t', '__u32');
    const r = new FileProcessor({ write: false, includeDirs: [], rules, keepText: true }).processText(join(dir, 'u32.c'), text);
    expect(r.output).toMatch(/__uint\(value_size, sizeof\(__u32\)\);/);
  });
});

describe('a changed map with an error', () => {
  it('is not written: the file stays byte for byte and the result is an error', () => {
    // A rule that reports an error on a map the other rules migrate: what a bug would look like.
    const contradicting = defineRule({
      meta: { id: 'test-contradiction', description: 'Reports an error on every map.', fixable: false, messages: { broken: "Map '{{name}}' is broken." } },
      finish(ctx) {
        for (const m of ctx.file.maps) ctx.report({ messageId: 'broken', severity: 'error', category: 'problem', start: m.start, end: m.headEnd, subject: m.name, data: { name: m.name } });
      },
    });
    const file = join(dir, 'contradicted.c');
    writeFileSync(file, STDINT_OUTER);
    const r = new FileProcessor({ write: true, includeDirs: [], rules: [...rules, contradicting] }).processPath(file);
    expect(r.migrated).toEqual(['outer']);
    expect(r.status).toBe('error');
    expect(r.written).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(STDINT_OUTER);
  });
});
