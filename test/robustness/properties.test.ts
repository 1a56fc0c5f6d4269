/**
 * Property-based robustness of the engine over mutated corpus inputs (fast-check): the
 * migrator never throws, never makes a file parse worse, is idempotent, and only rewrites
 * maps the input declares. Bounded for CI (runs and time); `npm run fuzz` runs many more.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { resolve } from 'node:path';
import { loadSeeds, makeChecker, mutationArb, applyMutations, type Mutation } from '../../bench/fuzz-lib.js';

const REPO = resolve(__dirname, '..', '..');
const seeds = loadSeeds(REPO);
const checker = makeChecker(REPO);
const NUM_RUNS = Number(process.env.ROBUSTNESS_RUNS ?? 400);
const TIME_LIMIT_MS = 35_000;

function describeCase(seedIndex: number, ms: Mutation[]): string {
  return `seed ${seeds[seedIndex].path}, mutations ${JSON.stringify(ms)}`;
}

describe('engine properties on mutated inputs', () => {
  it('has seeds to mutate', () => {
    expect(seeds.length).toBeGreaterThan(5);
  });

  it('holds on every unmutated seed', () => {
    const failures = seeds.map((s) => ({ s, f: checker.check(s, s.text) })).filter((x) => x.f);
    expect(failures.map((x) => `${x.s.path}: ${x.f!.property}: ${x.f!.detail}`)).toEqual([]);
  });

  it('holds on mutated seeds', { timeout: 60_000 }, () => {
    const prop = fc.property(fc.nat(seeds.length - 1), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (i, ms) => {
      const text = applyMutations(seeds[i].text, ms);
      const f = checker.check(seeds[i], text);
      if (f) throw new Error(`${f.property}: ${f.detail}\n${describeCase(i, ms)}`);
    });
    fc.assert(prop, {
      numRuns: NUM_RUNS,
      seed: Number(process.env.ROBUSTNESS_SEED ?? 0x0b9f),
      interruptAfterTimeLimit: TIME_LIMIT_MS,
      markInterruptAsFailure: false,
      endOnFailure: true,
    });
  });
});
