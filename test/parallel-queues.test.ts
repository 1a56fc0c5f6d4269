/**
 * How the threads share a run (src/run/parallel.ts): each file has a home thread by its directory,
 * the same in every run of a command (so the pre-pass's model is taken by the thread that built it),
 * and the batches a thread claims, its own first and then the others', cover every file once.
 */
import { describe, expect, it } from 'vitest';
import { claimBatch, homeThread } from '../src/run/parallel.js';

function jobFor(files: string[], threads: number, batch: number) {
  const queues: number[][] = Array.from({ length: threads }, () => []);
  files.forEach((f, i) => queues[homeThread(f, threads)].push(i));
  return { queues, claimed: new Int32Array(new SharedArrayBuffer(4 * threads)), batch };
}

describe('thread queues', () => {
  const files = Array.from({ length: 500 }, (_, i) => `/src/proj${i % 7}/obj${i}.c`);

  it('gives the files of one directory one home thread, and spreads directories over the threads', () => {
    for (let d = 0; d < 7; d++) {
      const homes = new Set(files.filter((f) => f.startsWith(`/src/proj${d}/`)).map((f) => homeThread(f, 4)));
      expect(homes.size).toBe(1);
    }
    const dirs = Array.from({ length: 64 }, (_, i) => `/src/p${i}/x.c`);
    expect(new Set(dirs.map((f) => homeThread(f, 4))).size).toBe(4);
  });

  it('hands out every file exactly once, each thread taking its own files before the others\'', () => {
    const job = jobFor(files, 3, 8);
    const seen = new Map<number, number>();
    // Thread 2 works alone for a while, then all three take turns.
    const order = [2, 2, 2, 2, 2, 0, 1, 2, 0, 1, 2, 1, 1, 1];
    let turn = 0;
    let ownFirst = true;
    for (;;) {
      const t = order[turn++ % order.length];
      const batch = claimBatch(job, t);
      if (!batch) {
        if ([0, 1, 2].every((u) => claimBatch(job, u) === undefined)) break;
        continue;
      }
      // A thread gets another thread's files only once every file of its own is claimed.
      if (batch.some((i) => homeThread(files[i], 3) !== t) && Atomics.load(job.claimed, t) < job.queues[t].length) ownFirst = false;
      for (const i of batch) seen.set(i, (seen.get(i) ?? 0) + 1);
    }
    expect(ownFirst).toBe(true);
    expect(seen.size).toBe(files.length);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });

  it('serves a thread whose number is past the queues (a pool larger than the run needs)', () => {
    const job = jobFor(files.slice(0, 20), 2, 8);
    const got: number[] = [];
    for (let b = claimBatch(job, 3); b; b = claimBatch(job, 3)) got.push(...b);
    expect(got.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
