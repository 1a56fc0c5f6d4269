/**
 * End to end in a real editor: headless Neovim's built-in LSP client runs the built
 * `bpf-migrate lsp`, opens a legacy file, applies the quickfix and writes the buffer.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS_INCLUDE, FIXTURES, REPO, ensureBuilt, haveTool } from './helpers.js';

const hasNvim = haveTool('nvim', ['--version']);

describe.runIf(hasNvim)('Neovim quick-fix through bpf-migrate lsp', () => {
  it('diagnoses a legacy file, applies the quickfix, and writes exactly the expected output', () => {
    ensureBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'bpf-migrate-nvim-'));
    const file = join(dir, 'annotated-map.c');
    copyFileSync(join(FIXTURES, 'annotated-map.input.c'), file);
    const resultPath = join(dir, 'result.json');
    const r = spawnSync('nvim', ['--headless', '--clean', '-n', '-u', join(REPO, 'test/lsp/nvim-init.lua'), file], {
      cwd: dir, encoding: 'utf8', timeout: 50_000,
      env: { ...process.env, BPF_MIGRATE_REPO: REPO, BPF_MIGRATE_RESULT: resultPath, BPF_MIGRATE_INCLUDE: CORPUS_INCLUDE },
    });
    let result: { ok: boolean; message: string; steps: string[]; diagnostics: { lnum: number; code: string; severity: number }[]; actions: { title: string; kind: string }[] } | undefined;
    try { result = JSON.parse(readFileSync(resultPath, 'utf8')); } catch { /* reported below */ }
    expect(result, `nvim exit ${r.status} ${r.signal ?? ''}\n${r.stdout}\n${r.stderr}`).toBeDefined();
    expect(result!.message).toBe('done');
    expect(r.status).toBe(0);
    expect(result!.steps).toEqual(['started', 'applied', 'cleared', 'written']);
    expect(result!.diagnostics.map((d) => [d.lnum, d.code])).toEqual([
      [4, 'btf-map-includes'], [11, 'legacy-map-def'], [17, 'kv-pair-annotation'],
    ]);
    expect(result!.actions).toEqual([{ title: "Migrate 'conns' to a BTF-defined map (bpf-migrate)", kind: 'quickfix' }]);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(join(FIXTURES, 'annotated-map.output.c'), 'utf8'));
  }, 60_000);
});
