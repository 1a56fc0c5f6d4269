/**
 * `npm run fuzz`: the robustness properties (bench/fuzz-lib.ts) over many more mutated inputs
 * than CI runs. Every failing case is written to .cache/fuzz-found/<hash>.input.c (outside the
 * corpus, which holds only reviewed cases), with a <hash>.failure.txt beside it saying which property broke, the seed file and the mutations.
 *
 * Before the mutations, the hostile-input generators of bench/fuzz-hostile.ts (special files,
 * non-UTF-8, huge counts, deep nesting, symlink races) run the built CLI on trees of their own;
 * a failure is written to .cache/fuzz-found/hostile-<generator>-<seed>.txt.
 *
 *   node dist/bench/fuzz.js [--runs N] [--seconds S] [--seed N] [--max-mutations N]
 *                           [--hostile-rounds N] [--hostile-seconds S] [--only-hostile]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { applyMutations, loadSeeds, makeChecker, mutationArb, type Mutation } from './fuzz-lib.js';
import { turnOfTheEventLoop } from '../src/run/parallel.js';
import { runHostile } from './fuzz-hostile.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const runs = arg('--runs', 100_000);
const seconds = arg('--seconds', 300);
const seed = arg('--seed', Date.now() % 2 ** 31);
const maxMutations = arg('--max-mutations', 5);

const hostileRounds = arg('--hostile-rounds', 3);
const hostileSeconds = arg('--hostile-seconds', Math.min(seconds / 2, 600));
const onlyHostile = process.argv.includes('--only-hostile');

const outDir = join(REPO, '.cache', 'fuzz-found');
process.stdout.write(`fuzz: hostile inputs, ${hostileRounds} rounds of each generator or ${hostileSeconds} s, seed ${seed}\n`);
const hostile = await runHostile({
  bin: join(REPO, 'bin', 'bpf-migrate.js'), include: join(REPO, 'corpus', 'include'), seed, rounds: hostileRounds, seconds: hostileSeconds,
  log: (s) => process.stdout.write(`${s}\n`),
});
for (const f of hostile) {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `hostile-${f.generator}-${f.seed}.txt`), `generator: ${f.generator}\nseed: ${f.seed}\n\n${f.detail}\n`);
}
process.stdout.write(`fuzz: hostile inputs: ${hostile.length} failing ${hostile.length === 1 ? 'case' : 'cases'}\n`);
if (onlyHostile) process.exit(hostile.length > 0 ? 1 : 0);

const seeds = loadSeeds(REPO, 24);
const checker = makeChecker(REPO);
const caseArb = fc.tuple(fc.nat(seeds.length - 1), fc.array(mutationArb, { minLength: 1, maxLength: maxMutations }));

process.stdout.write(`fuzz: ${seeds.length} seeds, up to ${runs} cases or ${seconds} s, seed ${seed}\n`);
const t0 = Date.now();
const byProperty = new Map<string, number>();
let done = 0;
let found = 0;
let batchSeed = seed;
outer: while (done < runs) {
  const batch = fc.sample(caseArb, { numRuns: Math.min(500, runs - done), seed: batchSeed++ }) as [number, Mutation[]][];
  for (const [i, ms] of batch) {
    if ((Date.now() - t0) / 1000 > seconds) break outer;
    const text = applyMutations(seeds[i].text, ms);
    const f = checker.check(seeds[i], text);
    done++;
    // Native parse trees are freed when the event loop turns (see src/run/parallel.ts).
    if (done % 50 === 0) await turnOfTheEventLoop();
    if (!f) continue;
    byProperty.set(f.property, (byProperty.get(f.property) ?? 0) + 1);
    const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
    const file = join(outDir, `${hash}.input.c`);
    if (existsSync(file)) continue;
    mkdirSync(outDir, { recursive: true });
    writeFileSync(file, text);
    writeFileSync(join(outDir, `${hash}.failure.txt`), `property: ${f.property}\nseed file: ${seeds[i].path}\nmutations: ${JSON.stringify(ms)}\n\n${f.detail}\n`);
    found++;
    process.stdout.write(`  ${f.property}: .cache/fuzz-found/${hash}.input.c (from ${seeds[i].path})\n`);
  }
}
const secs = (Date.now() - t0) / 1000;
process.stdout.write(`fuzz: ${done} cases in ${secs.toFixed(0)} s (${(done / secs).toFixed(0)}/s), ${found} new failing cases written${byProperty.size ? `; by property: ${[...byProperty].map(([k, v]) => `${k} ${v}`).join(', ')}` : ''}\n`);
process.exitCode = found > 0 || hostile.length > 0 ? 1 : 0;
