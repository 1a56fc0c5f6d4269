/** The dense bench tree stays calibrated to real legacy trees (issue 14): the figures the bench prints are within range. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DENSE_SPEC, DENSE_TARGETS, denseFigures, largeLegacyFile, writeDenseTree } from '../bench/generate-dense.js';

describe('dense bench tree', () => {
  it('has about 10 KB and 2 legacy maps per file, and tail calls in about 1 file of 5', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpf-migrate-dense-'));
    try {
      const m = writeDenseTree(join(dir, 'tree'), DENSE_SPEC);
      const f = denseFigures(m);
      expect(f.bytesPerFile).toBeGreaterThanOrEqual(DENSE_TARGETS.bytesPerFile[0]);
      expect(f.bytesPerFile).toBeLessThanOrEqual(DENSE_TARGETS.bytesPerFile[1]);
      expect(f.mapsPerFile).toBeGreaterThanOrEqual(DENSE_TARGETS.mapsPerFile[0]);
      expect(f.mapsPerFile).toBeLessThanOrEqual(DENSE_TARGETS.mapsPerFile[1]);
      expect(f.tailFileShare).toBeGreaterThanOrEqual(DENSE_TARGETS.tailFileShare[0]);
      expect(f.tailFileShare).toBeLessThanOrEqual(DENSE_TARGETS.tailFileShare[1]);
      // Cilium-like projects: a prog array shared through lib/maps.h.
      expect(m.legacy.some((p) => p.endsWith('bpf/lib/maps.h'))).toBe(true);
      expect(m.projects!.reduce((n, p) => n + p.bytes, 0)).toBeLessThanOrEqual(m.bytes);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('makes a language-server file of about 3,000 lines', () => {
    const lines = largeLegacyFile(0x14, 3000).text.split('\n').length;
    expect(lines).toBeGreaterThan(2900);
    expect(lines).toBeLessThan(3100);
  });
});
