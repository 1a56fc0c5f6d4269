/**
 * mayWireTailCalls (src/core/programs.ts) lets tail-call-prog-array skip an object's translation
 * unit when none of its legacy headers can wire tail calls. It must say yes for every text that
 * names a prog array, a `__section_tail` program or a raw "ID/KEY" section (what the legacy loader
 * reads with sscanf "%i/%i"), or an object loses the slots its headers give it; and no for a
 * header with neither, which is what the gate saves.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mayWireTailCalls } from '../src/core/programs.js';
import { parseTailSection } from '../src/abi/index.js';
import { runCli } from './support/cli.js';
import { Rng } from '../bench/generate.js';

describe('mayWireTailCalls', () => {
  it('says yes for a prog array, a __section_tail program or a raw "ID/KEY" section', () => {
    for (const text of [
      '.type = BPF_MAP_TYPE_PROG_ARRAY,',
      'BPF_PROG_ARRAY(jmp, 1, PIN_NONE, 4);',
      '__section_tail(JMP_ID, 0)\nint tail(struct __sk_buff *skb)',
      '__section("1/0")\nint tail(struct __sk_buff *skb)',
      '__attribute__((section("1/0"), used))\nint tail(struct __sk_buff *skb)',
      'SEC(" 0x2/3") int tail(void *ctx)',
      'SEC("-1/0") int tail(void *ctx)',
      'SEC("+010/7") int tail(void *ctx)',
      'SEC("0x/1") int tail(void *ctx)',
    ]) expect(mayWireTailCalls(text), text).toBe(true);
  });

  it('says no for a header of plain maps and programs in sections libbpf knows', () => {
    const hashAndXdp = `#include "api.h"
struct bpf_elf_map __section("maps") flows = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 1024,
};

SEC("xdp")
int xdp_main(struct xdp_md *ctx)
{
	return XDP_PASS; /* 1/0 in a comment is no section */
}
`;
    for (const text of [
      hashAndXdp,
      '',
      'SEC("socket/1") int prog(void *ctx)',
      'SEC("kprobe/sys_write") int prog(void *ctx)',
      '__section("classifier") int prog(void *ctx)',
      'int x = 1/0;',
      'SEC("1 /0") int prog(void *ctx)',
      'SEC("/1/0") int prog(void *ctx)',
    ]) expect(mayWireTailCalls(text), text).toBe(false);
  });

  it('says yes for every section name the legacy loader reads as "ID/KEY" (random names)', () => {
    // The bench's seeded generator (mulberry32), so that a failure reproduces.
    const rng = new Rng(0x7a11ca11);
    const random = () => rng.next();
    const pick = (s: string) => s[Math.floor(random() * s.length)];
    // Names shaped like "ID/KEY" (spaces, signs, hex, octal, stray letters), most read as tail calls, many not.
    const part = () => {
      let s = random() < 0.3 ? pick(' \t') : '';
      if (random() < 0.3) s += pick('+-');
      for (let n = 1 + Math.floor(random() * 4); n > 0; n--) s += pick('0179xXaf_s');
      return s;
    };
    let tails = 0;
    for (let round = 0; round < 5000; round++) {
      const name = part() + (random() < 0.85 ? '/' : pick(' .:')) + part() + (random() < 0.3 ? pick('/ .s') : '');
      if (!parseTailSection(name)) continue;
      tails++;
      expect(mayWireTailCalls(`__section("${name}")\nint tail(void *ctx)`), JSON.stringify(name)).toBe(true);
      expect(mayWireTailCalls(`__attribute__((section("${name}"), used)) int tail(void *ctx)`), JSON.stringify(name)).toBe(true);
    }
    expect(tails).toBeGreaterThan(200);
  });
});

/** A project of its own headers: api.h names no legacy construct, so only the header under test can open the gate. */
const API = `#ifndef API_H
#define API_H
#define __section(NAME) __attribute__((section(NAME), used))
#define __section_maps __section("maps")
#define __section_cls_entry __section("classifier")
#define TC_ACT_OK 0
#define TC_ACT_SHOT 2
#endif
`;

const FLOWS = `struct bpf_elf_map __section_maps flows = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 64,
};
`;

const JMP = `struct bpf_elf_map __section_maps jmp = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= 1,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 4,
};
`;

const ENTRY = `__section_cls_entry
int entry(struct __sk_buff *skb)
{
	tail_call(skb, &jmp, 0);
	return TC_ACT_OK;
}
`;

const tail = (section: string) => `${section}
int tail_a(struct __sk_buff *skb)
{
	return TC_ACT_SHOT;
}
`;

interface Report { files: { path: string; diagnostics: { ruleId: string; messageId: string; severity: string }[] }[] }

/** `bpf-migrate --write` over a fresh directory holding `files` (absolute paths: the run must not touch the repository). */
async function migrateTree(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'bpf-migrate-tails-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const r = await runCli(['--write', '--format', 'json', dir]);
  const report = JSON.parse(r.stdout) as Report;
  const ids = (file: string) => report.files.filter((f) => f.path.endsWith(`/${file}`)).flatMap((f) => f.diagnostics.map((d) => `${d.ruleId}/${d.messageId}`));
  return { code: r.code, stderr: r.stderr, ids, read: (file: string) => readFileSync(join(dir, file), 'utf8'), again: () => runCli(['--check', dir]) };
}

const SLOT_0 = /\bjmp __section\("\.maps"\) = \{\s*\.values = \{\s*\[0\] = \(void \*\)&tail_a,\s*\},\s*\};/;

describe('the gate does not drop tail calls a header wires (bpf-migrate --write over a tree)', () => {
  for (const section of ['__section("1/0")', '__attribute__((section("1/0"), used))']) {
    it(`an object with no prog array of its own fills the one of its header, from the header's ${section} program`, async () => {
      // prog.c has neither a prog array nor __section_tail: only its header can make the unit matter.
      const t = await migrateTree({
        'api.h': API,
        'maps.h': `#ifndef MAPS_H\n#define MAPS_H\n#include "api.h"\n\n${JMP}\n${tail(section)}\n#endif\n`,
        'prog.c': `#include "api.h"\n#include "maps.h"\n\n${FLOWS}\n${ENTRY}\nchar __license[] __section("license") = "GPL";\n`,
      });
      expect(t.code, t.stderr).toBe(0);
      expect(t.ids('prog.c')).toContain('tail-call-prog-array/sharedSlots');
      expect(t.ids('maps.h')).toContain('tail-call-prog-array/headerTailProgram');
      expect(t.read('prog.c')).toMatch(/struct jmp_def jmp __section\("\.maps"\) = \{\s*\.values = \{\s*\[0\] = \(void \*\)&tail_a,/);
      expect(t.read('maps.h')).toMatch(/\} jmp __section\("\.maps"\);/);
      expect(t.read('maps.h')).not.toContain('"1/0"');
      expect((await t.again()).code).toBe(0);
    });
  }

  it('a prog array of the .c file holds, in slot 0, the "1/0" program of a header (one that also declares a legacy map)', async () => {
    const t = await migrateTree({
      'api.h': API,
      'calls.h': `#ifndef CALLS_H\n#define CALLS_H\n#include "api.h"\n\n${FLOWS}\n${tail('__section("1/0")')}\n#endif\n`,
      'prog.c': `#include "api.h"\n\n${JMP}\n#include "calls.h"\n\n${ENTRY}\nchar __license[] __section("license") = "GPL";\n`,
    });
    expect(t.code, t.stderr).toBe(0);
    expect(t.read('prog.c')).toMatch(SLOT_0);
    // The header's program leaves the legacy section for its object's entry section, as a `__section_tail` one does.
    expect(t.ids('calls.h')).toContain('tail-call-prog-array/headerTailProgram');
    expect(t.read('calls.h')).not.toContain('"1/0"');
  });

  // A header whose only tail-call construct is a raw "ID/KEY" section names no other legacy word: it must
  // still be read as part of the object (scan.ts mentionsLegacy), or the prog array loses the slot silently.
  it('a prog array of the .c file holds, in slot 0, the "1/0" program of a header that holds nothing else', async () => {
    const t = await migrateTree({
      'api.h': API,
      'calls.h': `#ifndef CALLS_H\n#define CALLS_H\n#include "api.h"\n\n${tail('__section("1/0")')}\n#endif\n`,
      'prog.c': `#include "api.h"\n\n${JMP}\n#include "calls.h"\n\n${ENTRY}\nchar __license[] __section("license") = "GPL";\n`,
    });
    expect(t.code, t.stderr).toBe(0);
    expect(t.read('prog.c')).toMatch(SLOT_0);
    expect(t.read('calls.h')).not.toContain('"1/0"');
    expect((await t.again()).code).toBe(0);
  });
});
