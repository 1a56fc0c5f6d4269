/**
 * The kernel-side proof: every corpus pair, legacy input against expected output, compiled with
 * clang and loaded through libbpf, creates the same maps with the same slots. Runs as root in CI.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { corpusCases, CORPUS_INCLUDE } from './support/corpus.js';
import { verifyPair, checkPrivileges, type VerifyResult } from '../src/loader/index.js';

const pairs = corpusCases().filter((c) => c.output);
const results = new Map<string, VerifyResult>();

describe('corpus pairs are equivalent in the kernel', () => {
  beforeAll(async () => {
    const priv = checkPrivileges();
    if (!priv.ok) throw new Error(`kernel tests need root or CAP_BPF+CAP_SYS_ADMIN: ${priv.reason}`);
    for (const c of pairs) {
      const r = await verifyPair(
        { path: c.input, text: readFileSync(c.input, 'utf8') },
        { path: c.output!, text: readFileSync(c.output!, 'utf8') },
        { includeDirs: [CORPUS_INCLUDE], defines: [], cflags: [], progType: c.progType ?? 'sched_cls' },
      );
      results.set(c.name, r);
    }
  });

  for (const c of pairs) {
    if (c.loadFailsAt) {
      it(`${c.name}: the load fails at map '${c.loadFailsAt}', which needs its loader`, () => {
        const r = results.get(c.name)!;
        expect(r.status).toBe('load-error');
        const failing = r.messages.filter((m) => /failed to create/.test(m));
        expect(failing.length).toBeGreaterThan(0);
        expect(failing.every((m) => m.includes(`'${c.loadFailsAt}'`))).toBe(true);
      });
      continue;
    }
    it(c.name, () => {
      const r = results.get(c.name)!;
      const bad = r.fields.filter((f) => !f.ok).map((f) => `${f.map}.${f.field}: ${f.legacy} != ${f.migrated}`);
      expect({ status: r.status, bad, messages: r.status === 'equivalent' ? [] : [...r.messages, r.verifierLog ?? ''] }).toEqual({ status: 'equivalent', bad: [], messages: [] });
      expect(r.fields.length).toBeGreaterThan(0);
    });
  }
});
