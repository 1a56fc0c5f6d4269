/** Without privileges verify still compiles both sides, says the load was skipped and why, exit code 2. */
import { spawnSync } from 'node:child_process';
import { describe, expect } from 'vitest';
import { bundleScript, fixture, itNeeds, LOADER_INDEX } from './env.js';

describe('no privileges', () => {
  itNeeds(['clang', 'libbpfHeaders', 'setpriv', 'privileged'], 'as uid 65534: load-skipped with the reason, never "equivalent", exit code 2', async () => {
    const s = await bundleScript(`
import { verifyPair, exitCodeFor, formatVerifyTable } from ${JSON.stringify(LOADER_INDEX)};
import * as fs from 'node:fs';
const src = (f) => ({ path: f, text: fs.readFileSync(f, 'utf8') });
const [l, m, bad] = process.argv.slice(2);
const r = await verifyPair(src(l), src(m), { includeDirs: [], defines: [], cflags: [] });
const c = await verifyPair(src(l), src(bad), { includeDirs: [], defines: [], cflags: [] });
console.log(JSON.stringify({ r, code: exitCodeFor([r]), table: formatVerifyTable(r), uid: process.getuid(), compileErr: c.status }));
`);
    try {
      const p = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, s.file,
        fixture('progarray.legacy.c').path, fixture('progarray.migrated.c').path, fixture('compile-error.migrated.c').path], {
        env: { PATH: process.env.PATH, HOME: '/tmp', BPF_MIGRATE_CACHE: 'off' },
        encoding: 'utf8',
      });
      expect(p.status, p.stderr).toBe(0);
      const out = JSON.parse(p.stdout);
      expect(out.uid).toBe(65534);
      expect(out.r.status).toBe('load-skipped');
      expect(out.r.errorCode).toBe('NotPrivileged');
      expect(out.r.fields).toEqual([]);
      expect(out.r.messages.join('\n')).toMatch(/load skipped: running as uid 65534 without CAP_BPF and CAP_SYS_ADMIN/);
      // Both sides were compiled: the legacy expectation is there.
      expect(out.r.expected[0]).toMatchObject({ name: 'lm_jmp_tc', slots: { 0: 'cls_case1', 2: 'cls_case2' } });
      expect(out.code).toBe(2);
      expect(out.table).toMatch(/load skipped \(not verified\)/);
      expect(out.table).not.toMatch(/equivalent/);
      // And a compile error is still found without privileges.
      expect(out.compileErr).toBe('compile-error');
    } finally {
      s.cleanup();
    }
  });
});
