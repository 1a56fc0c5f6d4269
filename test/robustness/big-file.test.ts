/** A 20 MB generated C file with legacy maps at both ends: migrated in one run, no crash, no timeout. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Rng, generateElfMapFile, generatePlainFile, writeBenchHeaders } from '../../bench/generate.js';

const REPO = resolve(__dirname, '..', '..');
const BIN = join(REPO, 'bin', 'bpf-migrate.js');

let root: string;

function legacy(seed: number): string {
  return generateElfMapFile(new Rng(seed), 1_500, { maps: [1, 2], tailCalls: 0 }).text;
}

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 50_000, maxBuffer: 256 << 20 });
}

function isLegacy(path: string): boolean {
  return /struct bpf_elf_map\b[^;{]*=/.test(readFileSync(path, 'utf8'));
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'bpf-migrate-bigfile-'));
  writeBenchHeaders(join(root, 'include'));
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('a 20 MB source file', () => {
  it('migrates a 20 MB file', { timeout: 55_000 }, () => {
    const t = join(root, 'big');
    mkdirSync(t);
    const r0 = new Rng(20);
    const parts: string[] = [legacy(5)];
    let size = parts[0].length;
    while (size < 20 * 1024 * 1024) {
      const p = generatePlainFile(r0.fork(), 200_000).replace(/^#include[^\n]*\n/gm, '');
      parts.push(p);
      size += p.length;
    }
    // A second map at the very end of the file.
    parts.push('\nstruct bpf_elf_map __section("maps") tail_end_map = {\n\t.type = BPF_MAP_TYPE_ARRAY,\n\t.size_key = sizeof(__u32),\n\t.size_value = sizeof(__u64),\n\t.max_elem = 1,\n};\n');
    writeFileSync(join(t, 'huge.c'), parts.join(''));
    writeFileSync(join(t, 'small.c'), legacy(6));
    const t0 = Date.now();
    const r = run(['--write', '-I', join(root, 'include'), t]);
    const secs = (Date.now() - t0) / 1000;
    console.log(`20 MB file: ${secs.toFixed(1)} s`);
    expect(r.signal, `killed after ${secs} s`).toBeNull();
    expect(r.stderr).not.toMatch(/internal error|fatal/);
    expect([0, 1]).toContain(r.status);
    const out = readFileSync(join(t, 'huge.c'), 'utf8');
    expect(out).toMatch(/\} tail_end_map __section\("\.maps"\);/);
    expect(isLegacy(join(t, 'small.c'))).toBe(false);
  });

});
