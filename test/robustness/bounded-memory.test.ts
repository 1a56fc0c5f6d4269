/**
 * Memory stays bounded on large trees. tree-sitter's native parse trees are freed by N-API
 * finalizers, which run only when the event loop turns: a processing loop that never yields
 * grew by about 90 KB per legacy file (660 MB of RSS for 9,600 files). These tests pin that
 * the loops yield between batches, and that resident memory then stays flat.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, generateElfMapFile, writeBenchHeaders } from '../../bench/generate.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { runParallel } from '../../src/run/parallel.js';
import { rules } from '../../rules/index.js';

const FILES = 1600;

/** V8's full collection, exposed for this test (the flag applies to contexts made after it is set). */
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

let root: string;
const paths: string[] = [];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'bpf-migrate-memory-'));
  writeBenchHeaders(join(root, 'include'));
  mkdirSync(join(root, 'src'));
  for (let i = 0; i < FILES; i++) {
    const p = join(root, 'src', `prog${String(i).padStart(4, '0')}.c`);
    writeFileSync(p, generateElfMapFile(new Rng(7000 + i), 3_000, { maps: [2, 4], tailCalls: 0.5 }).text);
    paths.push(p);
  }
});

afterAll(() => { rmSync(root, { recursive: true, force: true }); });

describe('bounded memory', () => {
  it('lets the event loop turn between batches, so native parse trees are freed during the run', async () => {
    let turns = 0;
    let running = true;
    const count = () => { turns++; if (running) setImmediate(count); };
    setImmediate(count);
    const seen: number[] = [];
    const kept = await runParallel(paths.slice(0, 80), { write: false, includeDirs: [join(root, 'include')], ruleIds: rules.map((r) => r.meta.id) }, {
      jobs: 1,
      onResult: (i, r) => { seen.push(i); expect(r.status).toBe('changed'); },
    });
    running = false;
    expect(seen).toEqual([...Array(80).keys()]);
    // Results handed to onResult are not kept as well.
    expect(kept).toEqual([]);
    expect(turns).toBeGreaterThanOrEqual(80 / 8 - 1);
  });

  it('resident memory does not grow with the number of files migrated', async () => {
    // Between the two windows (1,300 files): a loop that never yields grows by 75 to 80 MB (measured
    // with the yield taken out), a run whose caches kept each file's text by a macro name cut from it
    // by about 20 MB; this code by -2 to 4 MB.
    // Each reading follows a forced collection, so that it counts what is kept, not garbage a later
    // collection would free (the old space fills with it at a pace that depends on the code's
    // allocations); native parse trees kept by a loop that never yields are still counted. The
    // lowest reading of a window of files on each side: the whole suite runs beside this test.
    const early: number[] = [];
    const late: number[] = [];
    const reading = () => { collect(); return process.memoryUsage().rss; };
    await runParallel(paths, { write: false, includeDirs: [join(root, 'include')], ruleIds: rules.map((r) => r.meta.id) }, {
      jobs: 1,
      onResult: (i) => {
        if (i >= 260 && i < 300 && i % 4 === 0) early.push(reading());
        if (i >= FILES - 40 && i % 4 === 0) late.push(reading());
      },
    });
    expect((Math.min(...late) - Math.min(...early)) / 2 ** 20).toBeLessThan(12);
  }, 120_000);

  it('keeps no JavaScript memory per file migrated: the heap after a collection stays level', async () => {
    // Caches that outlive a file (a header's shared macro table) once kept each file's whole text through
    // a macro name cut from it (src/core/own-string.ts). The heap after a collection, unlike RSS, counts
    // only what JavaScript keeps.
    const heap: number[] = [];
    await runParallel(paths, { write: false, includeDirs: [join(root, 'include')], ruleIds: rules.map((r) => r.meta.id) }, {
      jobs: 1,
      onResult: (i) => {
        if (i === 399 || i === FILES - 1) { collect(); heap.push(process.memoryUsage().heapUsed); }
      },
    });
    // Bytes kept per file: about 500 now, 1,100 to 1,300 with the cut names kept (caches capped), 10,000 before.
    expect((heap[1] - heap[0]) / (FILES - 400)).toBeLessThan(800);
  }, 120_000);
});
