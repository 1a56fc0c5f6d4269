/**
 * Scale: work linear in the number of maps, and no recursion or argument spreading whose depth
 * grows with the input (issue 15, rows 5 and 6). 10,000 adjacent maps overflowed the stack in
 * the diff's formatting; a 20,000-map file must migrate.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { migrate } from '../../src/core/engine.js';
import { FsIncludeProvider } from '../../src/fs/include-provider.js';
import { rules } from '../../rules/index.js';
import { unifiedDiff } from '../../src/diff/unified.js';
import type { Edit } from '../../src/core/types.js';

const REPO = resolve(__dirname, '..', '..');
const BIN = join(REPO, 'bin', 'bpf-migrate.js');
const INCLUDE = join(REPO, 'corpus', 'include');
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function manyMaps(n: number): string {
  let text = '#include <linux/types.h>\n#include "bpf_elf.h"\n\n';
  for (let i = 0; i < n; i++) {
    text += `struct bpf_elf_map __section("maps") m${i} = {\n\t.type = BPF_MAP_TYPE_HASH,\n\t.size_key = sizeof(__u32),\n\t.size_value = sizeof(__u64),\n\t.max_elem = ${i + 1},\n};\n\n`;
  }
  return text;
}

function btfEdits(text: string): Edit[] {
  const edits: Edit[] = [];
  const re = /struct bpf_elf_map __section\("maps"\) (m\d+) = \{[^}]*\};/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    edits.push({ start: m.index, end: m.index + m[0].length, text: `struct {\n\t__uint(type, BPF_MAP_TYPE_HASH);\n\t__type(key, __u32);\n\t__type(value, __u64);\n\t__uint(max_entries, ${m[1].slice(1)} + 1);\n} ${m[1]} SEC(".maps");` });
  }
  return edits;
}

/** The old and new lines one hunk shows, and where it says they start (diff's applyPatch is too slow at this size). */
function hunkSides(patch: string): { oldStart: number; newStart: number; old: string[]; new: string[] } {
  const lines = patch.split('\n');
  const at = lines.findIndex((l) => l.startsWith('@@ '));
  const [, oldStart, newStart] = /^@@ -(\d+),\d+ \+(\d+),\d+ @@$/.exec(lines[at])!;
  const sides = { oldStart: Number(oldStart), newStart: Number(newStart), old: [] as string[], new: [] as string[] };
  for (const l of lines.slice(at + 1, -1)) {
    if (l[0] !== '+') sides.old.push(l.slice(1));
    if (l[0] !== '-') sides.new.push(l.slice(1));
  }
  return sides;
}

function applyEdits(text: string, edits: Edit[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) { out += text.slice(at, e.start) + e.text; at = e.end; }
  return out + text.slice(at);
}

describe('diff at scale', () => {
  it('renders one hunk of 20,000 rewritten maps (140,000 lines) without overflowing the stack, and it shows both texts', () => {
    const before = manyMaps(20_000);
    const edits = btfEdits(before);
    expect(edits).toHaveLength(20_000);
    const patch = unifiedDiff('many.c', before, edits);
    expect(patch.split('\n@@ ').length - 1).toBe(1);
    const h = hunkSides(patch);
    const after = applyEdits(before, edits);
    expect(h.old.join('\n')).toBe(before.split('\n').slice(h.oldStart - 1, h.oldStart - 1 + h.old.length).join('\n'));
    expect(h.new.join('\n')).toBe(after.split('\n').slice(h.newStart - 1, h.newStart - 1 + h.new.length).join('\n'));
    expect(h.new.length).toBeGreaterThan(after.split('\n').length - 10);
  });
});

describe('engine at scale', () => {
  it('reads an initializer nested 10,000 braces deep without recursion: a diagnostic, not a crash', () => {
    const depth = 10_000;
    const text = `#include "bpf_api.h"\nstruct bpf_elf_map __section_maps m = {\n\t.type = BPF_MAP_TYPE_HASH,\n\t.size_key = 4,\n\t.size_value = 8,\n\t.max_elem = 1,\n\t.id = ${'{'.repeat(depth)}0${'}'.repeat(depth)},\n};\n`;
    const r = migrate(text, { path: join(REPO, 'corpus', 'legacy-elf-map', 'deep.c'), provider: new FsIncludeProvider([INCLUDE]), rules });
    expect(r.output).toBe(text);
    expect(r.diagnostics.map((d) => [d.ruleId, d.messageId])).toContainEqual(['legacy-elf-map', 'unreadableInitializer']);
  });

  it('migrates 20,000 maps in one file end to end (--write), the diff included', { timeout: 120_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpf-migrate-scale-'));
    dirs.push(dir);
    const file = join(dir, 'many.c');
    writeFileSync(file, manyMaps(20_000).replace('#include "bpf_elf.h"', '#include "bpf_api.h"'));
    const dry = spawnSync(process.execPath, [BIN, '-q', '-I', INCLUDE, file], { encoding: 'utf8', maxBuffer: 256 << 20 });
    expect(dry.status, dry.stderr.slice(0, 2000)).toBe(0);
    expect(dry.stdout.match(/^\+\} m\d+ /gm)).toHaveLength(20_000);
    const r = spawnSync(process.execPath, [BIN, '--write', '-q', '-I', INCLUDE, file], { encoding: 'utf8' });
    expect(r.status, r.stderr.slice(0, 2000)).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toMatch(/bpf_elf_map/);
  });

  it('a map next to a 5 MB array initializer costs memory of the order of the file, not 300 times it (row 7)', { timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpf-migrate-scale-'));
    dirs.push(dir);
    const file = join(dir, 'big-array.c');
    const array = `int big[] = {${Array.from({ length: 2_500_000 }, (_, i) => i % 10).join(',')}};\n`;
    writeFileSync(file, manyMaps(1).replace('#include "bpf_elf.h"', '#include "bpf_api.h"') + array);
    const size = array.length;
    // Resident memory of the whole process, measured by the kernel (ru_maxrss), against an idle node's.
    const probe = (args: string[]) => {
      const r = spawnSync(process.execPath, ['-e', `process.argv = [process.argv[0], ${JSON.stringify(BIN)}, ...${JSON.stringify(args)}]; process.on('exit', () => process.stderr.write('MAXRSS ' + process.resourceUsage().maxRSS + '\\n')); import(${JSON.stringify(BIN)});`], { encoding: 'utf8', maxBuffer: 64 << 20 });
      return { status: r.status, stdout: r.stdout, kb: Number(/MAXRSS (\d+)/.exec(r.stderr)?.[1]) };
    };
    const idle = probe(['--list-rules']);
    const run = probe(['-q', '-I', INCLUDE, file]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^\+\} m0 /m);
    expect((run.kb - idle.kb) * 1024).toBeLessThan(30 * size);
  });
});
