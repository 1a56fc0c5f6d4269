/**
 * The corpus, byte for byte: every input migrates to its expected output, every nofix case
 * stays unchanged with the diagnostics it names by rule and message id, every output is a fixed
 * point, and what the CLI prints for each case matches its reviewed `<case>.snap.txt`.
 *
 * Snapshots follow the rules' wording: after changing a message or adding a case, run
 * `npx vitest run -u test/corpus.test.ts` and review the `.snap.txt` diffs like code.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { corpusCases, orphanOutputs, orphanSnapshots, runMigrate, CORPUS_INCLUDE, ROOT, type CorpusCase } from './support/corpus.js';
import { runCli } from './support/cli.js';

const cases = corpusCases();
const UPDATE = 'npx vitest run -u test/corpus.test.ts';

/** What a user sees for the case: the command, its exit code, stderr (diagnostics, summary) and stdout (the diff). */
async function cliTranscript(c: CorpusCase): Promise<string> {
  const args = ['-I', relative(ROOT, CORPUS_INCLUDE)];
  if (c.tailCallSection) args.push('--tail-call-section', c.tailCallSection);
  args.push(relative(ROOT, c.input));
  const r = await runCli(args);
  // Messages may name headers by absolute path: the snapshot must not depend on where the checkout is.
  const local = (s: string) => s.split(`${ROOT}/`).join('');
  return `$ bpf-migrate ${args.join(' ')}\nexit ${r.code}\n--- stderr\n${local(r.stderr)}--- stdout\n${local(r.stdout)}`;
}

describe('corpus', () => {
  it('has at least 30 pairs, no orphan outputs and no orphan snapshots', () => {
    expect(cases.filter((c) => c.output).length).toBeGreaterThanOrEqual(30);
    expect(orphanOutputs()).toEqual([]);
    expect(orphanSnapshots(), `snapshots of cases that no longer exist: delete them, or run ${UPDATE}`).toEqual([]);
  });

  for (const c of cases) {
    const input = readFileSync(c.input, 'utf8');
    if (c.output) {
      it(`${c.name}: migrates to the expected output`, () => {
        const r = runMigrate(c.input, input, c.tailCallSection);
        expect(r.output).toBe(readFileSync(c.output!, 'utf8'));
        expect(r.changed).toBe(true);
      });
      it(`${c.name}: the output is a fixed point`, () => {
        const output = readFileSync(c.output!, 'utf8');
        const again = runMigrate(c.input, output, c.tailCallSection);
        expect(again.output).toBe(output);
        expect(again.diagnostics.filter((d) => d.category === 'legacy' && d.fixKey)).toEqual([]);
      });
    } else {
      it(`${c.name}: stays unchanged and reports ${c.expect.map((e) => `${e.ruleId}/${e.messageId} ${e.severity}`).join(', ')}`, () => {
        expect(c.expect.length, 'a nofix case declares what it expects: /* bpf-migrate-expect: RULE/MESSAGE-ID SEVERITY */').toBeGreaterThan(0);
        for (const e of c.expect) {
          expect(e.messageId, `'bpf-migrate-expect: ${e.ruleId} ${e.severity}' names no message id: write ${e.ruleId}/MESSAGE-ID`).not.toBe('');
        }
        const r = runMigrate(c.input, input, c.tailCallSection);
        expect(r.output).toBe(input);
        const problems = r.diagnostics.filter((d) => d.category === 'problem').map((d) => `${d.ruleId}/${d.messageId} ${d.severity}`);
        for (const e of c.expect) expect(problems).toContain(`${e.ruleId}/${e.messageId} ${e.severity}`);
      });
    }
    it(`${c.name}: the CLI prints what ${relative(ROOT, c.snapshot)} shows`, async () => {
      // vitest does not write missing snapshots when CI is set: say how to make one instead of a bare mismatch.
      if (process.env.CI && !existsSync(c.snapshot)) {
        expect.fail(`${relative(ROOT, c.snapshot)} is missing: run ${UPDATE}, review it and commit it with the case`);
      }
      try {
        await expect(await cliTranscript(c)).toMatchFileSnapshot(c.snapshot);
      } catch (e) {
        (e as Error).message += `\nIf the change is intended, run ${UPDATE} and review the .snap.txt diff.`;
        throw e;
      }
    });
  }
});
