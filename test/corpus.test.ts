/**
 * The corpus, byte for byte: every input migrates to its expected output, every nofix case
 * stays unchanged with the diagnostic it names, and every output is a fixed point.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { corpusCases, orphanOutputs, runMigrate } from './support/corpus.js';

const cases = corpusCases();

describe('corpus', () => {
  it('has at least 30 pairs and a nofix case for every rule that diagnoses', () => {
    expect(cases.filter((c) => c.output).length).toBeGreaterThanOrEqual(30);
    expect(orphanOutputs()).toEqual([]);
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
      it(`${c.name}: stays unchanged and reports ${c.expect.map((e) => `${e.ruleId}/${e.severity}`).join(', ')}`, () => {
        expect(c.expect.length).toBeGreaterThan(0);
        const r = runMigrate(c.input, input, c.tailCallSection);
        expect(r.output).toBe(input);
        for (const e of c.expect) {
          expect(r.diagnostics.some((d) => d.ruleId === e.ruleId && d.severity === e.severity && d.category === 'problem'),
            `expected a ${e.severity} from ${e.ruleId}; got ${JSON.stringify(r.diagnostics.map((d) => `${d.ruleId}/${d.severity}/${d.messageId}`))}`).toBe(true);
        }
      });
    }
  }
});
