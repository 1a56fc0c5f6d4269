/** The dry-run diff is a real unified diff: applied to the input it gives exactly the migrated output. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { applyPatch } from 'diff';
import { corpusCases, runMigrate } from './support/corpus.js';
import { unifiedDiff } from '../src/diff/unified.js';

describe('unified diffs built from edits', () => {
  for (const c of corpusCases().filter((x) => x.output)) {
    it(`${c.name}: the diff applies to the input and gives the output`, () => {
      const input = readFileSync(c.input, 'utf8');
      const r = runMigrate(c.input, input, c.tailCallSection);
      const patch = unifiedDiff(c.name, input, r.apply!.edits);
      expect(patch).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@$/m);
      expect(applyPatch(input, patch)).toBe(r.output);
    });
  }
});
