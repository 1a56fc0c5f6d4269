/**
 * Walking real trees (issue 12, item 5): links to directories are not followed unless --follow
 * (as ripgrep and git do), a link loop or a dangling link met in a walk is skipped with at most a
 * note and exit 0, and a dangling link named on the command line is still an error.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { walk } from '../../src/fs/walk.js';

const REPO = resolve(__dirname, '..', '..');
const BIN = join(REPO, 'bin', 'bpf-migrate.js');

let tree: string;

function cli(args: string[]) {
  return spawnSync(process.execPath, [BIN, '--color', 'never', ...args], { encoding: 'utf8', timeout: 20_000 });
}

beforeAll(() => {
  // tree/src/prog.c, tree/include -> /outside (a directory symlink, like x86_64-linux-gnu/asm),
  // tree/src/again -> .. (a loop), tree/gone.h -> missing (dangling), tree/alias -> src (a directory reached twice).
  const base = mkdtempSync(join(tmpdir(), 'bpf-migrate-walk-'));
  tree = join(base, 'tree');
  mkdirSync(join(tree, 'src'), { recursive: true });
  mkdirSync(join(base, 'outside'));
  writeFileSync(join(tree, 'src', 'prog.c'), 'int prog;\n');
  writeFileSync(join(base, 'outside', 'vendored.h'), 'int vendored;\n');
  symlinkSync(join(base, 'outside'), join(tree, 'include'));
  symlinkSync('..', join(tree, 'src', 'again'));
  symlinkSync('missing.h', join(tree, 'gone.h'));
  symlinkSync('src', join(tree, 'alias'));
});

afterAll(() => {
  if (tree) rmSync(resolve(tree, '..'), { recursive: true, force: true });
});

describe('walking', () => {
  it('does not follow links to directories by default; skips the dangling link with a note; exit 0', () => {
    const w = walk([tree]);
    expect(w.files).toEqual([join(tree, 'src', 'prog.c')]);
    expect(w.problems).toEqual([{ path: join(tree, 'gone.h'), kind: 'skip', reason: expect.any(String) }]);
    const r = cli(['--check', tree]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/: error:/);
  });

  it('follows them with --follow: the loop is skipped with a note, a directory reached twice is listed once', () => {
    const w = walk([tree], { follow: true });
    expect(w.files.map((f) => f.slice(tree.length + 1)).sort()).toEqual(['alias/prog.c', 'include/vendored.h'].sort());
    expect(w.problems.map((p) => [p.path.slice(tree.length + 1), p.kind])).toEqual([['alias/again', 'skip'], ['gone.h', 'skip']]);
    const r = cli(['--check', '--follow', tree]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/again: skipped: /);
    expect(r.stderr).not.toMatch(/: error:/);
  });

  it('a dangling link named on the command line stays an error (exit 2), like a missing path', () => {
    const w = walk([join(tree, 'gone.h')]);
    expect(w.problems.map((p) => p.kind)).toEqual(['fatal']);
    const r = cli(['--check', join(tree, 'gone.h')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/gone\.h: error: dangling symbolic link/);
  });

  it('a link to a directory named on the command line is followed: the user asked for it', () => {
    expect(walk([join(tree, 'include')]).files).toEqual([join(tree, 'include', 'vendored.h')]);
  });
});
