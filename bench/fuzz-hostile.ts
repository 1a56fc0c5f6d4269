/**
 * Hostile-input generators for `npm run fuzz` (issue 15): each builds a small tree on disk from a
 * seed, runs the built CLI on it in a child with a time-out, and checks what must hold whatever
 * the input:
 *   - the run ends (no hang on a FIFO, a device, /proc, a huge or deeply nested input);
 *   - no internal error, no crash, an exit code the case allows;
 *   - every file is left byte for byte or migrated (never half written), links stay links;
 *   - no temp files are left behind, and nothing outside the tree is written.
 * A failing case returns what broke; the driver (bench/fuzz.ts) writes it down.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, generateElfMapFile } from './generate.js';
import { TEMP_PATTERN } from '../src/fs/atomic-write.js';

export interface HostileFailure {
  generator: string;
  seed: number;
  detail: string;
}

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

const TIME_LIMIT_MS = 60_000;

function runCli(bin: string, args: string[], input?: Buffer): RunResult {
  const r = spawnSync(process.execPath, [bin, '--color', 'never', ...args], { input, timeout: TIME_LIMIT_MS, maxBuffer: 512 << 20, encoding: 'buffer' });
  return {
    code: r.status, signal: r.signal, stdout: r.stdout?.toString('utf8') ?? '', stderr: r.stderr?.toString('utf8') ?? '',
    timedOut: r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT',
  };
}

/** An integer in [0, n). */
function below(rng: Rng, n: number): number {
  return rng.int(0, n - 1);
}

function legacy(rng: Rng): string {
  return generateElfMapFile(rng, 1_200, { maps: [1, 3], tailCalls: 0 }).text;
}

/** Files (not links or special files) under `dir`, with their bytes. */
function snapshot(dir: string, out = new Map<string, Buffer>()): Map<string, Buffer> {
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, ent.name);
    if (ent.isDirectory()) snapshot(full, out);
    else if (ent.isFile()) out.set(full, readFileSync(full));
  }
  return out;
}

function tempFiles(dir: string, out: string[] = []): string[] {
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, ent.name);
    if (ent.isDirectory()) tempFiles(full, out);
    else if (TEMP_PATTERN.test(ent.name) || /\.bpf-migrate-[0-9a-f]{8}\.tmp$/.test(ent.name)) out.push(full);
  }
  return out;
}

/** What every run must satisfy; `codes` are the exit codes the case allows. */
function basicProblems(r: RunResult, codes: number[]): string | undefined {
  if (r.timedOut) return `did not finish within ${TIME_LIMIT_MS} ms`;
  if (r.signal) return `killed by ${r.signal}`;
  if (/internal error|fatal:|RangeError|Maximum call stack|heap out of memory/.test(r.stderr)) return `internal error:\n${r.stderr.slice(0, 4000)}`;
  if (!codes.includes(r.code ?? -1)) return `exit ${r.code}, expected ${codes.join(' or ')}:\n${r.stderr.slice(0, 4000)}`;
  return undefined;
}

/** After --write: each file is as it was, or changed only where it held legacy maps (and no longer does). */
function writtenProblems(before: Map<string, Buffer>, dir: string): string | undefined {
  for (const [path, old] of before) {
    let now: Buffer;
    try { now = readFileSync(path); } catch (e) { return `${path} is gone: ${(e as Error).message}`; }
    if (now.equals(old)) continue;
    if (!/bpf_elf_map|bpf_map_def/.test(old.toString('latin1'))) return `${path} changed but held no legacy map`;
    if (now.length === 0) return `${path} was emptied`;
  }
  const temps = tempFiles(dir);
  return temps.length ? `temp files left: ${temps.join(', ')}` : undefined;
}

type Generator = (rng: Rng, dir: string, bin: string, include: string) => Promise<string | undefined> | string | undefined;

/** FIFOs, device links and /proc links in a tree and in includes: skipped, never read, the run ends. */
const specialFiles: Generator = (rng, dir, bin, include) => {
  const tree = join(dir, 'tree');
  mkdirSync(tree);
  const kinds = ['fifo', 'zero', 'kmsg', 'tty', 'urandom'];
  for (let i = 0; i < 1 + below(rng, 4); i++) {
    const kind = kinds[below(rng, kinds.length)];
    const name = join(tree, `special${i}.${below(rng, 2) ? 'c' : 'h'}`);
    if (kind === 'fifo') spawnSync('mkfifo', [name]);
    else symlinkSync(kind === 'kmsg' ? '/proc/kmsg' : `/dev/${kind}`, name);
  }
  const includes = ['/proc/kmsg', 'special0.h', '/dev/zero'].slice(0, 1 + below(rng, 3)).map((p) => `#include "${p.startsWith('/') ? '../'.repeat(10) + p.slice(1) : p}"\n`).join('');
  writeFileSync(join(tree, 'prog.c'), includes + legacy(rng.fork()));
  const before = snapshot(tree);
  const r = runCli(bin, ['--write', '-I', include, tree]);
  return basicProblems(r, [0, 1]) ?? writtenProblems(before, tree);
};

/** Latin-1, UTF-16, stray NULs, lone CRs and truncated UTF-8 in legacy and plain files, on disk and on stdin. */
const nonUtf8: Generator = (rng, dir, bin, include) => {
  const tree = join(dir, 'tree');
  mkdirSync(tree);
  const text = legacy(rng.fork());
  const variants: [string, Buffer][] = [
    ['latin1', Buffer.from(`/* caf\u00e9 */\n${text}`, 'latin1')],
    ['utf16', Buffer.from(`\ufeff${text}`, 'utf16le')],
    ['nul', Buffer.from(text.replace(/\n/, `\n/* ${'\0'.repeat(1 + below(rng, 3))} */\n`))],
    ['cr', Buffer.from(text.replace(/\n/g, '\r'))],
    ['mixed-cr', Buffer.from(text.replace(/\n/g, () => (below(rng, 4) === 0 ? '\r' : '\r\n')))],
    ['truncated', Buffer.concat([Buffer.from(text), Buffer.from([0xe6, 0x98])])],
  ];
  const [name, bytes] = variants[below(rng, variants.length)];
  writeFileSync(join(tree, `${name}.c`), bytes);
  const before = snapshot(tree);
  const r = runCli(bin, ['--write', '-I', include, tree]);
  const problem = basicProblems(r, [0, 1]) ?? writtenProblems(before, tree);
  if (problem) return `${name}: ${problem}`;
  // What file mode does not migrate, stdin must not rewrite: refused, or given back byte for byte.
  if (!readFileSync(join(tree, `${name}.c`)).equals(bytes)) return undefined;
  const s = runCli(bin, ['-', '-I', include], bytes);
  if (s.timedOut || s.signal) return `${name} on stdin: did not finish`;
  if (s.code === 0 && !Buffer.from(s.stdout, 'utf8').equals(bytes)) return `${name} on stdin: exit 0 with different bytes out`;
  return undefined;
};

/** Thousands of maps in one file, and thousands of files: the run ends, and --write migrates them all. */
const hugeCounts: Generator = (rng, dir, bin, include) => {
  const tree = join(dir, 'tree');
  mkdirSync(tree);
  const maps = [2_000, 10_000, 20_000][below(rng, 3)];
  let text = '#include <linux/types.h>\n#include "bpf_api.h"\n\n';
  for (let i = 0; i < maps; i++) text += `struct bpf_elf_map __section_maps m${i} = {\n\t.type = BPF_MAP_TYPE_HASH,\n\t.size_key = sizeof(__u32),\n\t.size_value = sizeof(__u64),\n\t.max_elem = ${1 + below(rng, 4096)},\n};\n\n`;
  writeFileSync(join(tree, 'many-maps.c'), text);
  const files = below(rng, 2) ? 2_000 : 0;
  for (let i = 0; i < files; i++) writeFileSync(join(tree, `f${i}.c`), i % 10 === 0 ? legacy(rng.fork()) : `int f${i};\n`);
  const r = runCli(bin, ['--write', '-q', '-I', include, tree]);
  const problem = basicProblems(r, [0, 1]);
  if (problem) return `${maps} maps, ${files} files: ${problem}`;
  if (/bpf_elf_map/.test(readFileSync(join(tree, 'many-maps.c'), 'utf8'))) return `${maps} maps: some were not migrated`;
  return tempFiles(tree).length ? 'temp files left' : undefined;
};

/** Nesting as deep as the input likes, in initializers, parentheses, #if and comments: a diagnostic or a migration, never a crash. */
const deepNesting: Generator = (rng, dir, bin, include) => {
  const depth = [1_000, 10_000, 100_000][below(rng, 3)];
  const shapes = [
    (d: number) => `\t.id = ${'{'.repeat(d)}0${'}'.repeat(d)},\n`,
    (d: number) => `\t.max_elem = ${'('.repeat(d)}1${')'.repeat(d)},\n`,
    (d: number) => `\t.max_elem = ${'-'.repeat(d % 2 === 0 ? d : d + 1)}1,\n`,
    (d: number) => `\t.max_elem = 1${' + 1'.repeat(d)},\n`,
    (d: number) => `${'#if 1\n'.repeat(d)}\t.max_elem = 2,\n${'#endif\n'.repeat(d)}`,
  ];
  const shape = below(rng, shapes.length);
  const text = `#include "bpf_api.h"\nstruct bpf_elf_map __section_maps m = {\n\t.type = BPF_MAP_TYPE_HASH,\n\t.size_key = 4,\n\t.size_value = 8,\n${shapes[shape](depth)}};\nint f(void) { return ${'('.repeat(depth)}0${')'.repeat(depth)}; }\n`;
  const file = join(dir, 'deep.c');
  writeFileSync(file, text);
  const r = runCli(bin, ['--write', '-I', include, file]);
  const problem = basicProblems(r, [0, 1]);
  return problem && `shape ${shape}, depth ${depth}: ${problem}`;
};

/**
 * Files swapped for symbolic links (to a file outside the tree) while --write runs: the link's
 * target must never be written, and every file is old or new.
 */
const symlinkRaces: Generator = async (rng, dir, bin, include) => {
  const tree = join(dir, 'tree');
  mkdirSync(tree);
  const victim = join(dir, 'victim.txt');
  writeFileSync(victim, 'must stay as it is\n');
  const names: string[] = [];
  for (let i = 0; i < 60; i++) {
    const name = join(tree, `f${String(i).padStart(2, '0')}.c`);
    writeFileSync(name, legacy(rng.fork()));
    names.push(name);
  }
  const before = snapshot(tree);
  const child = spawn(process.execPath, [bin, '--write', '-q', '-j', '1', '-I', include, tree], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  const swapped = new Set<string>();
  const delay = below(rng, 400);
  await new Promise((r) => setTimeout(r, delay));
  for (let k = 0; k < 10 && child.exitCode === null; k++) {
    const name = names[below(rng, names.length)];
    if (swapped.has(name)) continue;
    try { renameSync(name, `${name}.moved`); symlinkSync(victim, name); swapped.add(name); } catch { /* raced with the writer */ }
    await new Promise((r) => setTimeout(r, below(rng, 20)));
  }
  const code = await exited;
  if (readFileSync(victim, 'utf8') !== 'must stay as it is\n') return `the link target outside the tree was written (swapped ${[...swapped].join(', ')}, after ${delay} ms)`;
  if (/internal error|fatal:/.test(stderr)) return `internal error:\n${stderr.slice(0, 4000)}`;
  if (code !== 0 && code !== 1) return `exit ${code}`;
  for (const name of swapped) {
    if (!lstatSync(name).isSymbolicLink()) return `${name}: the link put in its place was replaced by a file`;
    unlinkSync(name);
    renameSync(`${name}.moved`, name);
  }
  return writtenProblems(before, tree);
};

export const HOSTILE_GENERATORS: Record<string, Generator> = {
  'special-files': specialFiles,
  'non-utf8': nonUtf8,
  'huge-counts': hugeCounts,
  'deep-nesting': deepNesting,
  'symlink-races': symlinkRaces,
};

/** Runs every generator `rounds` times with seeds from `seed`, within `seconds`; returns the failures. */
export async function runHostile(opts: { bin: string; include: string; seed: number; rounds: number; seconds: number; only?: string[]; log: (s: string) => void }): Promise<HostileFailure[]> {
  const failures: HostileFailure[] = [];
  const t0 = Date.now();
  const names = Object.keys(HOSTILE_GENERATORS).filter((n) => !opts.only?.length || opts.only.includes(n));
  for (let round = 0; round < opts.rounds; round++) {
    for (const name of names) {
      if ((Date.now() - t0) / 1000 > opts.seconds) return failures;
      const seed = opts.seed + round * 7919 + names.indexOf(name);
      const dir = mkdtempSync(join(tmpdir(), `bpf-migrate-fuzz-${name}-`));
      try {
        const started = Date.now();
        const detail = await HOSTILE_GENERATORS[name](new Rng(seed), dir, opts.bin, opts.include);
        if (detail) failures.push({ generator: name, seed, detail });
        opts.log(`  ${name} (seed ${seed}): ${detail ? `FAILED: ${detail.split('\n')[0]}` : 'ok'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } catch (e) {
        failures.push({ generator: name, seed, detail: `the generator threw: ${(e as Error).stack ?? e}` });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  return failures;
}
