/**
 * The dry-run diff is a real unified diff: applied to the input (by jsdiff, `patch -p0` and
 * `git apply -p0`) it gives exactly the migrated output, byte for byte; and it is minimal: a
 * line the migration leaves as it was is context, never removed and added again, so the diff
 * has as many `-` and `+` lines as `diff -u --minimal` prints (plain `diff -u` may print more).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { applyPatch } from 'diff';
import { CORPUS, corpusCases, runMigrate } from './support/corpus.js';
import { unifiedDiff } from '../src/diff/unified.js';
import type { Edit } from '../src/core/types.js';

const NAME = 'prog.c';

function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'bpf-migrate-diff-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `patch -p0` (with --binary, so that CRs are kept as content) on a copy of `before`. */
function applyWithPatch(before: string, patch: string): string {
  if (!/^@@ /m.test(patch)) return before; // no hunk: patch would call the input garbage
  return withTempDir((dir) => {
    writeFileSync(join(dir, NAME), before);
    const r = spawnSync('patch', ['-p0', '--binary', '--silent', '--no-backup-if-mismatch', '--force'], { cwd: dir, input: patch, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`patch failed: ${r.stdout}${r.stderr}\n${patch}`);
    return readFileSync(join(dir, NAME), 'utf8');
  });
}

/** `git apply -p0` (outside a repository: applies to the working file) on a copy of `before`. */
function applyWithGit(before: string, patch: string): string {
  if (!/^@@ /m.test(patch)) return before;
  return withTempDir((dir) => {
    writeFileSync(join(dir, NAME), before);
    writeFileSync(join(dir, 'change.diff'), patch);
    const r = spawnSync('git', ['apply', '-p0', 'change.diff'], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git apply failed: ${r.stderr}\n${patch}`);
    return readFileSync(join(dir, NAME), 'utf8');
  });
}

/** `diff -u` of the two texts (`--minimal`: the smallest diff, not diff's faster heuristic), without its two header lines. */
function gnuDiff(before: string, after: string, flags: string[] = []): string {
  return withTempDir((dir) => {
    writeFileSync(join(dir, 'a'), before);
    writeFileSync(join(dir, 'b'), after);
    const r = spawnSync('diff', ['-u', ...flags, 'a', 'b'], { cwd: dir, encoding: 'utf8' });
    return r.stdout.split('\n').slice(2).join('\n');
  });
}

/** Our diff without its four header lines (Index, ===, ---, +++). */
function hunksOf(patch: string): string {
  return patch.split('\n').slice(4).join('\n');
}

function changedLineCounts(hunks: string): { removed: number; added: number } {
  const lines = hunks.split('\n');
  return { removed: lines.filter((l) => l.startsWith('-')).length, added: lines.filter((l) => l.startsWith('+')).length };
}

/** The runs of - and + lines between context lines, each line with its newline unless marked as without. */
function changeBlocks(patch: string): { removed: string[]; added: string[] }[] {
  const lines = hunksOf(patch).split('\n');
  const blocks: { removed: string[]; added: string[] }[] = [];
  let open = false;
  lines.forEach((l, i) => {
    if (l.startsWith('-') || l.startsWith('+')) {
      if (!open) { blocks.push({ removed: [], added: [] }); open = true; }
      const text = l.slice(1) + (lines[i + 1]?.startsWith('\\') ? '' : '\n');
      (l[0] === '-' ? blocks[blocks.length - 1].removed : blocks[blocks.length - 1].added).push(text);
    } else if (!l.startsWith('\\')) open = false;
  });
  return blocks;
}

function applyEdits(text: string, edits: Edit[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) { out += text.slice(at, e.start) + e.text; at = e.end; }
  return out + text.slice(at);
}

/** Every way the patch is applied gives `after`, byte for byte. */
function expectApplies(before: string, patch: string, after: string): void {
  expect(applyPatch(before, patch)).toBe(after);
  expect(applyWithPatch(before, patch)).toBe(after);
  expect(applyWithGit(before, patch)).toBe(after);
}

describe('unified diffs built from edits', () => {
  for (const c of corpusCases().filter((x) => x.output)) {
    it(`${c.name}: applies to the input, gives the output, as small as diff --minimal`, () => {
      const input = readFileSync(c.input, 'utf8');
      const r = runMigrate(c.input, input, c.tailCallSection);
      const patch = unifiedDiff(NAME, input, r.apply!.edits);
      expect(patch).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@$/m);
      expectApplies(input, patch, r.output!);
      expect(changedLineCounts(hunksOf(patch))).toEqual(changedLineCounts(gnuDiff(input, r.output!, ['--minimal'])));
    });
  }
});

/** A prog array between comments and #defines, whose migration adds an include and a forward declaration. */
const COMMENTED_PROG_ARRAY = `/* SPDX-License-Identifier: GPL-2.0 */
#include "bpf_api.h"

#define JMP_MAP_ID	1
#define JMP_SIZE	4

/* jump table for the classifier */
/* keep it small */
struct bpf_elf_map __section("maps") jmp = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= JMP_MAP_ID,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.pinning	= PIN_GLOBAL_NS,
	.max_elem	= JMP_SIZE,
};
/* end of maps */
#define FOO 1

__section_tail(JMP_MAP_ID, 0)
int tail_a(struct __sk_buff *skb)
{
	return 0;
}

__section_cls_entry
int cls_main(struct __sk_buff *skb)
{
	tail_call(skb, &jmp, 0);
	return 0;
}

BPF_LICENSE("GPL");
`;

/** A map as the file's last statement, for hunks that reach the end of the file. */
const MAP_AT_EOF = `#include "bpf_api.h"

/* counters */
struct bpf_elf_map __section("maps") counters = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 4,
};
/* last line */`;

describe('minimal hunks', () => {
  const cases: [string, string][] = [
    ['comments and #defines around a rewritten prog array', COMMENTED_PROG_ARRAY],
    ['the same with CRLF line endings', COMMENTED_PROG_ARRAY.replace(/\n/g, '\r\n')],
    ['a map near the end of a file without a final newline', MAP_AT_EOF],
    ['the same with CRLF line endings', MAP_AT_EOF.replace(/\n/g, '\r\n')],
    ['a map whose closing line is the last line, without a final newline', MAP_AT_EOF.replace(/\n\/\* last line \*\/$/, '')],
  ];
  for (const [what, input] of cases) {
    it(`${what}: the hunks are those of diff -u`, () => {
      const r = runMigrate(join(CORPUS, 'legacy-elf-map', 'diff-case.c'), input);
      expect(r.changed).toBe(true);
      const patch = unifiedDiff(NAME, input, r.apply!.edits);
      expectApplies(input, patch, r.output!);
      expect(hunksOf(patch)).toBe(gnuDiff(input, r.output!));
    });
  }

  it('unchanged comments and #defines next to the map are context lines', () => {
    const r = runMigrate(join(CORPUS, 'legacy-elf-map', 'diff-case.c'), COMMENTED_PROG_ARRAY);
    const lines = unifiedDiff(NAME, COMMENTED_PROG_ARRAY, r.apply!.edits).split('\n');
    for (const kept of ['#define JMP_MAP_ID\t1', '/* jump table for the classifier */', '/* keep it small */', '};', '/* end of maps */', '#define FOO 1']) {
      expect(lines).toContain(` ${kept}`);
      expect(lines).not.toContain(`-${kept}`);
    }
    expect(lines.filter((l) => /^-[^-]/.test(l))).toHaveLength(8);
  });
});

describe('edits at line and file boundaries', () => {
  const cases: [string, string, Edit[]][] = [
    ['insertion at offset 0', 'a\nb\n', [{ start: 0, end: 0, text: 'x\n' }]],
    ['insertion into an empty file', '', [{ start: 0, end: 0, text: 'x\ny\n' }]],
    ['everything removed', 'a\nb\n', [{ start: 0, end: 4, text: '' }]],
    ['final newline removed', 'a\nb\nc\n', [{ start: 5, end: 6, text: '' }]],
    ['final newline added', 'a\nb\nc', [{ start: 5, end: 5, text: '\n' }]],
    ['text appended to a file without a final newline', 'a\nb', [{ start: 3, end: 3, text: '\nc' }]],
    ['two lines joined', 'a\nb\nc\nd\n', [{ start: 3, end: 4, text: ' ' }]],
    ['two edits on one line', 'int a = 1, b = 2;\nx\n', [{ start: 8, end: 9, text: '10' }, { start: 15, end: 16, text: '20' }]],
    ['a line split in two', 'int a; int b;\nz\n', [{ start: 6, end: 7, text: '\n' }]],
    ['an edit that rewrites lines but keeps its middle one', 'p\nq\nr\ns\n', [{ start: 0, end: 8, text: 'P\nq\nR\ns\n' }]],
    ['CRLF lines, one changed', 'a\r\nb\r\nc\r\n', [{ start: 3, end: 4, text: 'B' }]],
    ['edits far apart give two hunks', Array.from({ length: 30 }, (_, i) => `l${i}\n`).join(''), [{ start: 0, end: 2, text: 'L0' }, { start: 120, end: 123, text: 'L29' }]],
  ];
  for (const [what, before, edits] of cases) {
    it(what, () => {
      const after = applyEdits(before, edits);
      const patch = unifiedDiff(NAME, before, edits);
      expectApplies(before, patch, after);
      expect(hunksOf(patch)).toBe(gnuDiff(before, after));
    });
  }

  it('an edit that changes nothing gives no hunk', () => {
    expect(unifiedDiff(NAME, 'a\nb\n', [{ start: 2, end: 3, text: 'b' }])).not.toMatch(/^@@/m);
  });

  it('a group of edits too different to refine is still a valid diff, quickly', () => {
    // The same 3000 lines in reverse order: a longest common subsequence of one line, found only
    // after thousands of steps; the diff gives up early and shows all of it as removed and added.
    const lines = Array.from({ length: 3000 }, (_, i) => `line ${i}\n`);
    const before = lines.join('');
    const edits: Edit[] = [{ start: 0, end: before.length, text: [...lines].reverse().join('') }];
    const t = Date.now();
    const patch = unifiedDiff(NAME, before, edits);
    expect(Date.now() - t).toBeLessThan(2000);
    expect(applyPatch(before, patch)).toBe(applyEdits(before, edits));
    expect(changedLineCounts(hunksOf(patch))).toEqual({ removed: 3000, added: 3000 });
  });

  it('random edits on random lines: the diff applies and gives the edited text', () => {
    const line = fc.constantFrom('a\n', 'b\n', 'c\r\n', '\n', '/* x */\n', '};\n');
    const text = fc.array(line, { maxLength: 40 }).chain((ls) => fc.constantFrom(ls.join(''), ls.join('').replace(/\n$/, '')));
    const arb = text.chain((t) => fc.tuple(
      fc.constant(t),
      fc.uniqueArray(fc.nat(t.length), { maxLength: 8 }).map((xs) => xs.sort((x, y) => x - y)),
      fc.array(fc.constantFrom('', 'a', 'b\n', '\n', 'x\ny\n', 'c\r\n', '};'), { minLength: 8, maxLength: 8 }),
    ));
    fc.assert(fc.property(arb, ([before, cuts, texts]) => {
      // Cut points in pairs: [cuts[0], cuts[1]), [cuts[2], cuts[3]), ... (a lone last one is an insertion).
      const edits: Edit[] = [];
      for (let i = 0; i < cuts.length; i += 2) edits.push({ start: cuts[i], end: cuts[i + 1] ?? cuts[i], text: texts[i] });
      const after = applyEdits(before, edits);
      const patch = unifiedDiff(NAME, before, edits);
      // jsdiff's patch parser takes a CR for part of a line break (a lone one, or a CR line without
      // a newline at the end of the file, loses it); GNU patch keeps CRs as text.
      expect(/\r/.test(before + after) ? applyWithPatch(before, patch) : applyPatch(before, patch)).toBe(after);
      // Minimal: no line is both removed and added within one change (it would be context).
      for (const b of changeBlocks(patch)) expect(b.removed.filter((l) => b.added.includes(l))).toEqual([]);
    }), { numRuns: 500, seed: 0x5eed });
  });
});
