/**
 * Whole trees, as a user runs bpf-migrate over a project: headers with maps included by .c
 * files, in one run and file by file. What must hold is what a build needs: every migrated
 * object compiles, holds BTF maps only, and loads into the kernel with the legacy object's maps
 * and slots; what cannot be migrated across files is refused, and nothing is written.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execute } from '../src/cli/main.js';
import type { CliIO } from '../src/cli/io.js';
import { verifyPair, checkPrivileges } from '../src/loader/index.js';
import { CORPUS_INCLUDE } from './support/corpus.js';
import { compileBpf } from './support/clang.js';

type Tree = Record<string, string>;

function writeTree(files: Tree): string {
  const dir = mkdtempSync(join(tmpdir(), 'bpf-migrate-tree-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, readStdin: async () => '', stdoutIsTTY: false, stderrIsTTY: false, cwd: process.cwd() };
  const code = await execute(argv, io);
  return { code, stdout, stderr };
}

/** Compiles every listed program of the migrated tree and proves it equivalent to the same program of the legacy tree. */
async function expectEquivalent(legacyDir: string, migratedDir: string, programs: string[]): Promise<void> {
  const priv = checkPrivileges();
  if (!priv.ok) throw new Error(`kernel tests need root or CAP_BPF+CAP_SYS_ADMIN: ${priv.reason}`);
  for (const prog of programs) {
    const compiled = await compileBpf(join(migratedDir, prog), join(migratedDir, `${prog}.o`), [CORPUS_INCLUDE]);
    expect(compiled.ok, compiled.stderr).toBe(true);
    expect(compiled.sections).toContain('.maps');
    expect(compiled.sections).not.toContain('maps');
    const r = await verifyPair(
      { path: join(legacyDir, prog), text: readFileSync(join(legacyDir, prog), 'utf8') },
      { path: join(migratedDir, prog), text: readFileSync(join(migratedDir, prog), 'utf8') },
      { includeDirs: [CORPUS_INCLUDE], defines: [], cflags: [], progType: 'sched_cls' },
    );
    expect({ prog, status: r.status, bad: r.fields.filter((f) => !f.ok) }).toEqual({ prog, status: 'equivalent', bad: [] });
  }
}

const EVENTS_H = `#ifndef __LIB_EVENTS_H_
#define __LIB_EVENTS_H_

/* Relies on its includer for struct bpf_elf_map and the section macros. */
struct bpf_elf_map __section_maps events = {
\t.type\t\t= BPF_MAP_TYPE_PERF_EVENT_ARRAY,
\t.size_key\t= sizeof(__u32),
\t.size_value\t= sizeof(__u32),
\t.pinning\t= PIN_GLOBAL_NS,
\t.max_elem\t= 4,
};

#endif /* __LIB_EVENTS_H_ */
`;

const XDP_C = `#include "bpf_api.h"
#include "lib/events.h"

struct bpf_elf_map __section_maps cidr_v4 = {
\t.type\t\t= BPF_MAP_TYPE_HASH,
\t.size_key\t= sizeof(__u32),
\t.size_value\t= sizeof(__u32),
\t.pinning\t= PIN_GLOBAL_NS,
\t.max_elem\t= 16,
};

__section_cls_entry
int cls_cidr(struct __sk_buff *skb)
{
\t__u32 key = skb->mark;

\tif (map_lookup_elem(&cidr_v4, &key))
\t\treturn TC_ACT_SHOT;
\tperf_event_output(skb, &events, BPF_F_CURRENT_CPU, &key, sizeof(key));
\treturn TC_ACT_OK;
}

BPF_LICENSE("GPL");
`;

const MAPS_H = `#ifndef __LIB_MAPS_H_
#define __LIB_MAPS_H_

#include "bpf_api.h"

struct bpf_elf_map __section_maps lb_backends = {
\t.type\t\t= BPF_MAP_TYPE_ARRAY,
\t.size_key\t= sizeof(__u32),
\t.size_value\t= sizeof(__u64),
\t.max_elem\t= 64,
};

#endif
`;

const LB_C = `#include "lib/maps.h"

struct bpf_elf_map __section_maps lb_hits = {
\t.type\t\t= BPF_MAP_TYPE_PERCPU_ARRAY,
\t.size_key\t= sizeof(__u32),
\t.size_value\t= sizeof(__u64),
\t.max_elem\t= 1,
};

__section_cls_entry
int cls_lb(struct __sk_buff *skb)
{
\t__u32 zero = 0;
\t__u64 *hits = map_lookup_elem(&lb_hits, &zero);

\tif (hits)
\t\t*hits += 1;
\treturn map_lookup_elem(&lb_backends, &zero) ? TC_ACT_OK : TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
`;

/** Old samples-style helper pointers first, then the shared maps: libbpf's helpers would redefine them. */
const SAMPLES_C = `#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include "samples_bpf_helpers.h"
#include "lib/maps.h"

SEC("classifier")
int cls_samples(struct __sk_buff *skb)
{
\t__u32 zero = 0;

\treturn bpf_map_lookup_elem(&lb_backends, &zero) ? TC_ACT_OK : TC_ACT_SHOT;
}

char _license[] SEC("license") = "GPL";
`;

const CALLS_H = `#ifndef __LIB_CALLS_H_
#define __LIB_CALLS_H_

#include "bpf_api.h"

#define CALLS_ID\t2

struct bpf_elf_map __section_maps calls = {
\t.type\t\t= BPF_MAP_TYPE_PROG_ARRAY,
\t.id\t\t= CALLS_ID,
\t.size_key\t= sizeof(__u32),
\t.size_value\t= sizeof(__u32),
\t.max_elem\t= 8,
};

#endif
`;

const LXC_C = `#include "lib/calls.h"

__section_tail(CALLS_ID, 3)
int tail_ipv4(struct __sk_buff *skb)
{
\treturn TC_ACT_OK;
}

__section_cls_entry
int from_container(struct __sk_buff *skb)
{
\ttail_call(skb, &calls, 3);
\treturn TC_ACT_OK;
}

BPF_LICENSE("GPL");
`;

describe('trees: headers with maps and the files that include them', () => {
  it('a header that relies on its includer: both get guarded definitions, in one run or file by file, and the object loads', async () => {
    const legacy = writeTree({ 'lib/events.h': EVENTS_H, 'bpf_xdp.c': XDP_C });
    for (const order of [['.'], ['bpf_xdp.c', 'lib/events.h'], ['lib/events.h', 'bpf_xdp.c']]) {
      const dir = mkdtempSync(join(tmpdir(), 'bpf-migrate-tree-run-'));
      cpSync(legacy, dir, { recursive: true });
      for (const path of order) {
        const r = await run(['--write', '-q', '-I', CORPUS_INCLUDE, join(dir, path)]);
        expect(r.code, r.stderr).toBe(0);
      }
      const header = readFileSync(join(dir, 'lib/events.h'), 'utf8');
      const prog = readFileSync(join(dir, 'bpf_xdp.c'), 'utf8');
      expect(header).toContain('#ifndef __uint');
      // A bpf/bpf_helpers.h after the header's block would redefine enum libbpf_pin_type.
      expect(prog).not.toContain('#include <bpf/bpf_helpers.h>');
      await expectEquivalent(legacy, dir, ['bpf_xdp.c']);
      const again = await run(['--check', '-q', '-I', CORPUS_INCLUDE, dir]);
      expect(again.code, again.stdout).toBe(0);
    }
  });

  it('a header gets guarded definitions, not bpf/bpf_helpers.h: an includer may declare the helpers itself first', async () => {
    const legacy = writeTree({ 'lib/maps.h': MAPS_H, 'lb.c': LB_C, 'samples.c': SAMPLES_C });
    const dir = mkdtempSync(join(tmpdir(), 'bpf-migrate-tree-run-'));
    cpSync(legacy, dir, { recursive: true });
    const r = await run(['--write', '-q', '-I', CORPUS_INCLUDE, dir]);
    expect(r.code, r.stderr).toBe(0);
    const header = readFileSync(join(dir, 'lib/maps.h'), 'utf8');
    expect(header).toContain('#include "bpf_api.h"\n#ifndef __uint\n');
    expect(header).not.toContain('#include <bpf/bpf_helpers.h>');
    await expectEquivalent(legacy, dir, ['lb.c', 'samples.c']);
  });

  it('given only the .c file, the headers it includes with legacy maps are checked and migrated too: the object loads', async () => {
    const legacy = writeTree({ 'lib/maps.h': MAPS_H, 'lb.c': LB_C });
    const dir = mkdtempSync(join(tmpdir(), 'bpf-migrate-tree-run-'));
    cpSync(legacy, dir, { recursive: true });
    const check = await run(['--check', '-I', CORPUS_INCLUDE, join(dir, 'lb.c')]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`${join(dir, 'lib/maps.h')}: needs migration (lb_backends)`);
    expect(check.stderr).toContain('also checking 1 included header with legacy maps');
    const r = await run(['--write', '-q', '-I', CORPUS_INCLUDE, join(dir, 'lb.c')]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'lib/maps.h'), 'utf8')).not.toContain('bpf_elf_map');
    await expectEquivalent(legacy, dir, ['lb.c']);
    const again = await run(['--check', '-q', '-I', CORPUS_INCLUDE, join(dir, 'lb.c')]);
    expect(again.code, again.stdout).toBe(0);
  });

  it('a prog array declared in a header and filled by the files that include it: the header keeps a tentative definition, the object defines it with its slots, and it loads', async () => {
    const dir = writeTree({ 'lib/calls.h': CALLS_H, 'lxc.c': LXC_C });
    const legacy = writeTree({ 'lib/calls.h': CALLS_H, 'lxc.c': LXC_C });
    const r = await run(['--write', '-I', CORPUS_INCLUDE, dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'lib/calls.h'), 'utf8')).toMatch(/struct calls_def \{[\s\S]*__array\(values, int \(void \*\)\);\n\} calls __section\("\.maps"\);/);
    expect(readFileSync(join(dir, 'lxc.c'), 'utf8')).toMatch(/struct calls_def calls __section\("\.maps"\) = \{\n\t\.values = \{\n\t\t\[3\] = \(void \*\)&tail_ipv4,/);
    await expectEquivalent(legacy, dir, ['lxc.c']);
  });

  it('projects side by side in one git work tree, each with its own lib/calls.h: a run over one is not held back by the other', async () => {
    const dir = writeTree({ 'a/lib/calls.h': CALLS_H, 'a/lxc.c': LXC_C, 'b/lib/calls.h': CALLS_H, 'b/lxc.c': LXC_C });
    execFileSync('git', ['init', '-q', dir]);
    const r = await run(['--write', '-q', '-I', CORPUS_INCLUDE, join(dir, 'a')]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'a/lxc.c'), 'utf8')).toMatch(/struct calls_def calls/);
    expect(readFileSync(join(dir, 'b/lxc.c'), 'utf8')).toBe(LXC_C);
  });
});
