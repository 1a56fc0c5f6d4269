/**
 * Crash safety of --write: SIGKILL the CLI in the middle of a large run, then every file must
 * be entirely old or entirely new (never truncated, never missing), and the next run must
 * finish the job and leave no `.NAME.bpf-migrate-PID-XXXX.tmp` files of dead runs behind.
 * Needs a build (dist/), like every test that runs bin/bpf-migrate.js.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Rng, generateElfMapFile, generateMapDefFile, writeBenchHeaders } from '../../bench/generate.js';
import { FileProcessor } from '../../src/run/process-file.js';
import { rules } from '../../rules/index.js';
import { TEMP_PATTERN } from '../../src/fs/atomic-write.js';

const REPO = resolve(__dirname, '..', '..');
const BIN = join(REPO, 'bin', 'bpf-migrate.js');
const FILES = Number(process.env.CRASH_FILES ?? 1200);

let root: string;
let include: string;
const originals = new Map<string, string>();
let proc: FileProcessor;

function expected(path: string): string {
  const r = proc.processText(path, originals.get(path)!);
  return r.output!;
}

function tempFiles(dir: string): string[] {
  const out: string[] = [];
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, ent.name);
    if (ent.isDirectory()) out.push(...tempFiles(full));
    else if (TEMP_PATTERN.test(ent.name)) out.push(full);
  }
  return out;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'bpf-migrate-crash-'));
  include = join(root, 'include');
  writeBenchHeaders(include);
  const r = new Rng(0xc4a5);
  for (let i = 0; i < FILES; i++) {
    const dir = join(root, `d${String(Math.floor(i / 100)).padStart(2, '0')}`);
    if (i % 100 === 0) mkdirSync(dir, { recursive: true });
    const fr = r.fork();
    const f = i % 5 === 4 ? generateMapDefFile(fr, 600) : generateElfMapFile(fr, 700, { maps: [1, 2], tailCalls: 0.15 });
    const path = join(dir, `f${String(i).padStart(4, '0')}.c`);
    writeFileSync(path, f.text);
    originals.set(path, f.text);
  }
  proc = new FileProcessor({ write: false, includeDirs: [include], rules, keepText: true });
  const build = statSync(join(REPO, 'dist', 'src', 'cli', 'main.js'), { throwIfNoEntry: false });
  if (!build) throw new Error('build first (npx tsc -p .): the test runs bin/bpf-migrate.js');
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('--write killed mid-run', () => {
  it('leaves every file old or new, and the next run completes and sweeps temp files', { timeout: 55_000 }, async () => {
    const paths = [...originals.keys()].sort();
    const watch = paths.slice(0, 200);
    const child = spawn(process.execPath, [BIN, '--write', '--quiet', '-j', '2', '-I', include, root], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('exit', (code, signal) => res({ code, signal })));
    // Poll the first files until some changed, then kill without warning.
    const t0 = Date.now();
    let changed = 0;
    while (Date.now() - t0 < 30_000) {
      changed = watch.filter((p) => { try { return readFileSync(p, 'utf8') !== originals.get(p); } catch { return true; } }).length;
      if (changed >= 20) break;
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 15));
    }
    child.kill('SIGKILL');
    const end = await exited;
    expect(end.signal, `the run ended before it could be killed (exit ${end.code}): make the tree bigger\n${stderr}`).toBe('SIGKILL');

    // Every file: present, and byte-equal to its original or to its migration.
    const bad: string[] = [];
    let migrated = 0;
    for (const p of paths) {
      let now: string;
      try { now = readFileSync(p, 'utf8'); } catch (e) { bad.push(`${p}: ${(e as Error).message}`); continue; }
      if (now === originals.get(p)) continue;
      migrated++;
      if (now !== expected(p)) bad.push(`${p}: neither the original nor the migrated text (${now.length} bytes)`);
    }
    expect(bad).toEqual([]);
    expect(migrated).toBeGreaterThan(0);
    expect(migrated).toBeLessThan(paths.length);

    // A leftover from a crash at the worst moment (between open and rename), planted so that
    // the sweep is tested whatever the kill hit.
    // It carries the killed run's pid; one carrying a live process's pid (this one) is another run's, and stays.
    const planted = join(root, 'd00', `.f0000.c.bpf-migrate-${child.pid}-deadbeef.tmp`);
    writeFileSync(planted, originals.get(paths[0])!.slice(0, 100));
    const live = join(root, 'd00', `.f0001.c.bpf-migrate-${process.pid}-0badcafe.tmp`);
    writeFileSync(live, 'another run is writing this');
    const second = spawnSync(process.execPath, [BIN, '--write', '--quiet', '-j', '2', '-I', include, root], { encoding: 'utf8', timeout: 45_000 });
    expect(second.signal, 'second run timed out').toBeNull();
    expect(second.status === 0 || second.status === 1, second.stderr).toBe(true);
    expect(second.stderr).not.toMatch(/internal error|fatal/);
    // Done: a sample of files (and every 7th) now holds the migrated text.
    const sample = paths.filter((_, i) => i % 7 === 0);
    const notDone = sample.filter((p) => readFileSync(p, 'utf8') !== expected(p));
    expect(notDone).toEqual([]);
    // No temp files left but the live one, the planted one included (the CLI must sweep leftovers of killed runs).
    expect(tempFiles(root)).toEqual([live]);
    rmSync(live);
  });
});
