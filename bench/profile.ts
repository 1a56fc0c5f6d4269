/**
 * `npm run bench:profile` (or `npm run bench -- --profile`): one `bpf-migrate -j 1` dry run over
 * the dense tree under `node --cpu-prof`, and what the profile says: the functions with the most
 * self time, the source files with the most self time, the share of GC, and the inclusive share
 * of the pre-pass over objects (src/run/tree.ts) and of tree-sitter's parse.
 *
 *   node dist/bench/profile.js [--top N] [--keep DIR]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTree } from './generate.js';
import { DENSE_GENERATOR_VERSION, DENSE_SPEC, writeDenseTree } from './generate-dense.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(REPO, 'bin', 'bpf-migrate.js');

/** The parts of V8's .cpuprofile format read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  top: { name: string; where: string; ms: number; share: number }[];
  files: { where: string; ms: number; share: number }[];
  gcShare: number;
  /** Inclusive shares of named work (a sample counts when the function is anywhere on its stack). */
  inclusive: { what: string; share: number }[];
}

function where(url: string): string {
  if (!url) return '(native)';
  const p = url.startsWith('file://') ? fileURLToPath(url) : url;
  return p.startsWith(REPO) ? relative(REPO, p) : p;
}

/** Self and inclusive times of one or more profiles (one per thread), added up. */
export function summarize(profiles: CpuProfile[], top = 20): ProfileSummary {
  const self = new Map<string, { name: string; where: string; ms: number }>();
  const byFile = new Map<string, number>();
  const inclusiveDefs = [
    { what: 'pre-pass over objects (collectTree, src/run/tree.ts)', test: (name: string, w: string) => name === 'collectTree' && w.includes('run/tree') },
    { what: "tree-sitter Parser.parse", test: (name: string, w: string) => /(^|\.)parse$/.test(name) && w.includes('tree-sitter') },
  ];
  const inclusive = inclusiveDefs.map(() => 0);
  let total = 0;
  let gc = 0;
  for (const prof of profiles) {
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const stackHits = new Map<number, boolean[]>();
    const hitsOf = (id: number): boolean[] => {
      let h = stackHits.get(id);
      if (h) return h;
      const n = byId.get(id)!;
      const up = parent.has(id) ? hitsOf(parent.get(id)!) : inclusiveDefs.map(() => false);
      h = up.map((x, i) => x || inclusiveDefs[i].test(n.callFrame.functionName, n.callFrame.url));
      stackHits.set(id, h);
      return h;
    };
    for (let i = 0; i < prof.samples.length; i++) {
      const dt = (prof.timeDeltas[i] ?? 0) / 1000;
      const n = byId.get(prof.samples[i]);
      if (!n) continue;
      const name = n.callFrame.functionName || '(anonymous)';
      if (name === '(idle)') continue;
      total += dt;
      if (name === '(garbage collector)') gc += dt;
      const w = where(n.callFrame.url);
      const key = `${name}\0${w}:${n.callFrame.lineNumber + 1}`;
      const e = self.get(key) ?? { name, where: n.callFrame.url ? `${w}:${n.callFrame.lineNumber + 1}` : '', ms: 0 };
      e.ms += dt;
      self.set(key, e);
      byFile.set(w, (byFile.get(w) ?? 0) + dt);
      hitsOf(n.id).forEach((x, k) => { if (x) inclusive[k] += dt; });
    }
  }
  const share = (ms: number) => (total ? ms / total : 0);
  return {
    totalMs: total,
    top: [...self.values()].sort((a, b) => b.ms - a.ms).slice(0, top).map((e) => ({ ...e, share: share(e.ms) })),
    files: [...byFile.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([w, ms]) => ({ where: w, ms, share: share(ms) })),
    gcShare: share(gc),
    inclusive: inclusiveDefs.map((d, i) => ({ what: d.what, share: share(inclusive[i]) })),
  };
}

/** Runs the profile on the dense tree and prints it; returns the summary. */
export async function runProfile(opts: { top?: number; keep?: string } = {}): Promise<ProfileSummary> {
  const t = ensureTree(tmpdir(), DENSE_SPEC, writeDenseTree, DENSE_GENERATOR_VERSION);
  const dir = opts.keep ?? mkdtempSync(join(tmpdir(), 'bpf-migrate-profile-'));
  if (opts.keep) { rmSync(dir, { recursive: true, force: true }); mkdirSync(dir, { recursive: true }); }
  const out = process.stdout;
  out.write(`profiling: node --cpu-prof bin/bpf-migrate.js -q -j 1 over ${t.root} (${t.manifest.files} files, ${(t.manifest.bytes / 1024 / 1024).toFixed(1)} MB)\n`);
  const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, BIN, '-q', '-j', '1', '-I', join(t.root, 'include'), t.root], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`bpf-migrate exited ${r.status ?? r.signal}:\n${r.stderr.slice(0, 4000)}`);
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) throw new Error(`no .cpuprofile written in ${dir}`);
  const s = summarize(files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile), opts.top ?? 20);
  const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)} %`;
  out.write(`${files.length} profile(s), ${(s.totalMs / 1000).toFixed(2)} s of samples (idle excluded)\n\nGC: ${pct(s.gcShare)}\n`);
  for (const i of s.inclusive) out.write(`${i.what}, inclusive: ${pct(i.share)}\n`);
  out.write('\nTop self time, by function:\n');
  for (const e of s.top) out.write(`${pct(e.share)} ${e.ms.toFixed(0).padStart(6)} ms  ${e.name}${e.where ? `  ${e.where}` : ''}\n`);
  out.write('\nSelf time by source file:\n');
  for (const e of s.files) out.write(`${pct(e.share)} ${e.ms.toFixed(0).padStart(6)} ms  ${e.where}\n`);
  if (opts.keep) out.write(`\nprofiles kept in ${dir} (open them in Chrome DevTools' Performance panel)\n`);
  else rmSync(dir, { recursive: true, force: true });
  return s;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const opts: { top?: number; keep?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--top') opts.top = Number(argv[++i]);
    else if (argv[i] === '--keep') opts.keep = resolve(argv[++i]);
    else { process.stdout.write('usage: npm run bench:profile -- [--top N] [--keep DIR]\n'); process.exit(argv[i] === '--help' ? 0 : 2); }
  }
  if (!existsSync(join(REPO, 'dist', 'src', 'cli', 'main.js'))) throw new Error('build first: npx tsc -p .');
  runProfile(opts).catch((e) => { process.stderr.write(`profile: ${(e as Error).stack ?? e}\n`); process.exitCode = 1; });
}
