/**
 * Tree cases, as a user runs bpf-migrate over a project: `--write` over the tree changes exactly
 * the files in `output/` (byte for byte) and no other, a second run has nothing to do, every
 * object compiles with BTF maps only and loads into the kernel equivalent to its legacy version,
 * and objects that share a pinned prog array fill it together as the legacy loader did.
 * A refused case reports what it names and writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliArgs, copyInput, filesUnder, treeCases } from './support/tree-corpus.js';
import { runCli } from './support/cli.js';
import { compileBpf } from './support/clang.js';
import { CORPUS_INCLUDE } from './support/corpus.js';
import { checkPrivileges, verifyPair } from '../src/loader/index.js';
import { loadAndInspect } from '../src/loader/kernel.js';
import { createPinRoot } from '../src/loader/pinroot.js';

function requireKernel(): void {
  const priv = checkPrivileges();
  if (!priv.ok) throw new Error(`kernel tests need root or CAP_BPF+CAP_SYS_ADMIN: ${priv.reason}`);
}

for (const c of treeCases()) {
  describe(`tree ${c.name}`, () => {
    const includeDirs = (root: string) => cliArgs(c, root).flatMap((a, i, all) => (all[i - 1] === '-I' ? [a] : []));

    if (c.expect) {
      it('is refused with the diagnostics it names, and nothing is written', async () => {
        const root = copyInput(c);
        const r = await runCli(['--write', '--format', 'json', ...cliArgs(c, root)]);
        const report = JSON.parse(r.stdout) as { files: { diagnostics: { ruleId: string; messageId: string; severity: string }[] }[] };
        const seen = report.files.flatMap((f) => f.diagnostics.map((d) => `${d.ruleId}/${d.messageId} ${d.severity}`));
        for (const e of c.expect!) expect(seen).toContain(e);
        expect(r.code).toBe(1);
        for (const f of filesUnder(c.input)) expect(readFileSync(join(root, f), 'utf8'), f).toBe(readFileSync(join(c.input, f), 'utf8'));
      });
      return;
    }

    it('--write changes exactly the files of output/, byte for byte, and a second run has nothing to do', async () => {
      const root = copyInput(c);
      const r = await runCli(['--write', ...cliArgs(c, root)]);
      expect(r.code, r.stderr).toBe(0);
      const changed = new Set(filesUnder(c.output));
      for (const f of filesUnder(c.input)) {
        const expected = changed.has(f) ? join(c.output, f) : join(c.input, f);
        expect(readFileSync(join(root, f), 'utf8'), f).toBe(readFileSync(expected, 'utf8'));
      }
      const again = await runCli(['--check', ...cliArgs(c, root)]);
      expect(again.code, again.stdout + again.stderr).toBe(0);
    });

    it('every object compiles with BTF maps only and loads equivalent to its legacy version, slot by slot', async () => {
      requireKernel();
      const root = copyInput(c);
      expect((await runCli(['--write', ...cliArgs(c, root)])).code).toBe(0);
      for (const obj of c.objects) {
        const compiled = await compileBpf(join(root, obj), join(root, `${obj}.o`), includeDirs(root));
        expect(compiled.ok, compiled.stderr).toBe(true);
        expect(compiled.sections).toContain('.maps');
        expect(compiled.sections).not.toContain('maps');
        const r = await verifyPair(
          { path: join(c.input, obj), text: readFileSync(join(c.input, obj), 'utf8') },
          { path: join(root, obj), text: readFileSync(join(root, obj), 'utf8') },
          { includeDirs: includeDirs(root).map((d) => (d.startsWith(root) ? join(c.input, d.slice(root.length)) : d)), defines: [], cflags: [], progType: c.progType ?? 'sched_cls' },
        );
        expect({ obj, status: r.status, bad: r.fields.filter((f) => !f.ok) }).toEqual({ obj, status: 'equivalent', bad: [] });
      }
    });

    if (c.pinnedPair) {
      it(`${c.pinnedPair.join(' then ')}: a pinned prog array shared by two objects holds the slots of both, as with the legacy loader`, async () => {
        requireKernel();
        const root = copyInput(c);
        expect((await runCli(['--write', ...cliArgs(c, root)])).code).toBe(0);
        const slotsAfter = async (dir: string, includes: string[]) => {
          const pin = createPinRoot();
          try {
            let last: Record<string, Record<number, string>> = {};
            // Slots holding the first object's programs name them by kernel id: name them as that object did.
            const byId = new Map<string, string>();
            for (const obj of c.pinnedPair!) {
              const out = join(dir, `${obj}.pair.o`);
              const compiled = await compileBpf(join(dir, obj), out, includes);
              expect(compiled.ok, compiled.stderr).toBe(true);
              const loaded = loadAndInspect(out, { pinRoot: pin.path, progType: c.progType ?? 'sched_cls' });
              expect(loaded.ok, loaded.error ?? loaded.libbpfLog).toBe(true);
              for (const p of loaded.programs) if (p.id !== undefined) byId.set(`prog#${p.id}`, p.name);
              last = Object.fromEntries(loaded.maps.filter((m) => m.pinned)
                .map((m) => [m.name, Object.fromEntries(Object.entries(m.slots).map(([k, v]) => [k, byId.get(v) ?? v]))]));
            }
            return last;
          } finally {
            pin.remove();
          }
        };
        const migrated = await slotsAfter(root, includeDirs(root));
        // The legacy side is what bpf_legacy.c does per object: each object's slots written into the one pinned map.
        const expected: Record<string, Record<number, string>> = {};
        for (const obj of c.pinnedPair!) {
          const r = await verifyPair(
            { path: join(c.input, obj), text: readFileSync(join(c.input, obj), 'utf8') },
            { path: join(root, obj), text: readFileSync(join(root, obj), 'utf8') },
            { includeDirs: [CORPUS_INCLUDE, ...includeDirs(root)], defines: [], cflags: [], progType: c.progType ?? 'sched_cls' },
          );
          for (const m of r.expected ?? []) if (m.pinned) expected[m.name] = { ...expected[m.name], ...m.slots };
        }
        expect(migrated).toEqual(expected);
        expect(Object.values(migrated).some((slots) => Object.keys(slots).length > 0)).toBe(true);
      });
    }
  });
}
