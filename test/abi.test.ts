/**
 * src/abi against the sources it restates: the kernel UAPI header, libbpf's and iproute2's
 * headers, and the C library's sscanf. Locally a missing header or compiler skips; under CI=true
 * it fails.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as abi from '../src/abi/index.js';
import { evaluate, MacroTable, mapTypeName } from '../src/core/cexpr.js';
import { btfKeyAccepted, SIZED_ONLY } from '../src/core/members.js';
import * as loader from '../src/loader/index.js';
import { parseTailCallSection } from '../src/loader/legacy.js';
import { fieldTable } from '../src/core/legacy-map.js';

const CI = process.env.CI === 'true';

/** `it` that reads `file`: skipped locally when it is missing, failing under CI=true. */
function itReads(file: string, name: string, fn: (text: string) => void): void {
  if (fs.existsSync(file)) it(name, () => fn(fs.readFileSync(file, 'utf8')));
  else if (CI) it(name, () => { throw new Error(`CI=true but ${file} is missing`); });
  else it.skip(`${name} (needs ${file})`, () => {});
}

/** Enumerators of `enum NAME { ... }` in a C header, with their values (implicit ones counted on). */
function enumerators(header: string, name: string): Map<string, number> {
  const body = new RegExp(`enum\\s+${name}\\s*\\{([\\s\\S]*?)\\};`).exec(header);
  if (!body) throw new Error(`enum ${name} not found`);
  const out = new Map<string, number>();
  let next = 0;
  for (const item of body[1].replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '').split(',')) {
    const m = /^\s*([A-Za-z_]\w*)\s*(?:=\s*([^,]+?))?\s*$/.exec(item);
    if (!m) continue;
    if (m[2] !== undefined) {
      const shift = /^\(?\s*1U?\s*<<\s*(\d+)\s*\)?$/.exec(m[2]);
      next = shift ? 2 ** Number(shift[1]) : Number(m[2]);
    }
    out.set(m[1], next++);
  }
  return out;
}

const UAPI = '/usr/include/linux/bpf.h';

describe('src/abi against linux/bpf.h', () => {
  itReads(UAPI, 'every BPF_MAP_TYPE_* of the header is known with its number', (h) => {
    const header = enumerators(h, 'bpf_map_type');
    expect(header.size).toBeGreaterThan(20);
    for (const [name, n] of header) {
      expect(abi.BPF_MAP_TYPE[name.replace(/^BPF_MAP_TYPE_/, '') as abi.MapTypeName], name).toBe(n);
      expect(abi.mapTypeLabel(n)).toBe(name.replace(/^BPF_MAP_TYPE_/, ''));
    }
  });

  itReads(UAPI, 'every BPF_PROG_TYPE_* of the header is known with its number', (h) => {
    const header = enumerators(h, 'bpf_prog_type');
    expect(header.size).toBeGreaterThan(20);
    for (const [name, n] of header) expect(abi.BPF_PROG_TYPES.indexOf(name.replace(/^BPF_PROG_TYPE_/, '').toLowerCase() as abi.ProgTypeName), name).toBe(n);
  });

  itReads(UAPI, 'the map creation flags have their bits', (h) => {
    for (const f of abi.MAP_FLAGS) {
      const m = new RegExp(`\\bBPF_F_${f}\\s*=\\s*\\(1U << (\\d+)\\)`).exec(h);
      expect(m, `BPF_F_${f}`).not.toBeNull();
      expect(abi.mapFlag(f)).toBe(2 ** Number(m![1]));
    }
  });
});

describe('src/abi against libbpf and iproute2 headers', () => {
  itReads('/usr/include/bpf/bpf_helpers.h', 'enum libbpf_pin_type', (h) => {
    expect(Object.fromEntries(enumerators(h, 'libbpf_pin_type'))).toEqual({ LIBBPF_PIN_NONE: abi.LIBBPF_PIN_NONE, LIBBPF_PIN_BY_NAME: abi.LIBBPF_PIN_BY_NAME });
  });

  itReads('/usr/include/iproute2/bpf_elf.h', "iproute2's PIN_* values and struct bpf_elf_map's nine fields", (h) => {
    for (const name of ['PIN_NONE', 'PIN_OBJECT_NS', 'PIN_GLOBAL_NS'] as const) {
      expect(Number(new RegExp(`#define\\s+${name}\\s+(\\d+)`).exec(h)![1]), name).toBe(abi[name]);
    }
    const body = /struct\s+bpf_elf_map\s*\{([^}]*)\}/.exec(h)![1];
    expect([...body.matchAll(/__u32\s+(\w+)\s*;/g)].map((m) => m[1])).toEqual([...abi.BPF_ELF_MAP_FIELDS]);
  });

  it('the older copies are prefixes or subsets of the nine fields, in order', () => {
    const inOrder = (fields: readonly string[]) => fields.every((f, i) => i === 0 || abi.BPF_ELF_MAP_FIELDS.indexOf(f as never) > abi.BPF_ELF_MAP_FIELDS.indexOf(fields[i - 1] as never));
    expect(inOrder(abi.BPF_ELF_MAP_6_FIELDS)).toBe(true);
    expect(inOrder(abi.BPF_ELF_MAP_7_FIELDS)).toBe(true);
    expect(abi.BPF_MAP_DEF_7_FIELDS.slice(0, 5)).toEqual([...abi.BPF_MAP_DEF_FIELDS]);
    for (const f of abi.BPF_ELF_MAP_FIELDS) expect(abi.ELF_MAP_FIELD_NAMES[f]).toBeDefined();
    for (const f of abi.BPF_MAP_DEF_7_FIELDS) expect(abi.MAP_DEF_FIELD_NAMES[f]).toBeDefined();
  });
});

describe('one copy for core and loader', () => {
  it('the loader exports the same tables the core evaluates with', () => {
    expect(loader.BPF_MAP_TYPE).toBe(abi.BPF_MAP_TYPE);
    expect(loader.mapTypeName(abi.BPF_MAP_TYPE.ARENA)).toBe('ARENA');
    expect(SIZED_ONLY).toBe(abi.SIZED_ONLY);
    expect(btfKeyAccepted).toBe(abi.btfKeyAccepted);
    expect(fieldTable('elf')).toBe(abi.ELF_MAP_FIELD_NAMES);
    expect(fieldTable('mapdef')).toBe(abi.MAP_DEF_FIELD_NAMES);
    const none = new MacroTable();
    for (const [i, t] of abi.MAP_TYPES.entries()) {
      expect(evaluate(`BPF_MAP_TYPE_${t}`, none)).toBe(BigInt(i));
      expect(mapTypeName(String(i), none)).toBe(t);
    }
    expect(evaluate('PIN_GLOBAL_NS', none)).toBe(BigInt(abi.PIN_GLOBAL_NS));
    expect(evaluate('LIBBPF_PIN_BY_NAME', none)).toBe(BigInt(abi.LIBBPF_PIN_BY_NAME));
    expect(evaluate('BPF_F_INNER_MAP | BPF_F_NO_PREALLOC', none)).toBe(BigInt(abi.mapFlag('INNER_MAP') | abi.mapFlag('NO_PREALLOC')));
  });

  it('SIZED_ONLY and the key rules name only map types the table knows', () => {
    for (const t of abi.SIZED_ONLY) expect(abi.MAP_TYPES).toContain(t);
    expect(abi.btfKeyAccepted('ARRAY', '__u32')).toBe(true);
    expect(abi.btfKeyAccepted('ARRAY', 'const  __u64')).toBe(false);
    expect(abi.btfKeyAccepted('LPM_TRIE', 'struct  lpm_key')).toBe(true);
    expect(abi.btfKeyAccepted('HASH', 'struct x')).toBe(true);
  });
});

describe('section names', () => {
  it('libbpf families, numbered bpf_load.c sections and sections that hold no program', () => {
    expect(abi.libbpfProgramType('classifier')).toBe('sched_cls');
    expect(abi.libbpfProgramType('kprobe/sys_write')).toBe('kprobe');
    expect(abi.libbpfProgramType('ingress')).toBeUndefined();
    expect(abi.libbpfProgramType('constructor')).toBeUndefined();
    expect(abi.bpfLoadSlot('socket/3')).toBe(3);
    expect(abi.bpfLoadSlot('kprobe/0x10')).toBe(0);
    expect(abi.bpfLoadSlot('sk_skb/1')).toBeUndefined();
    expect(abi.NON_PROGRAM_SECTIONS.test('.rodata.str1.1')).toBe(true);
    expect(abi.NON_PROGRAM_SECTIONS.test('classifier')).toBe(false);
    expect(abi.iproute2SectionProgType('classifier')).toBe(abi.BPF_PROG_TYPES.indexOf('sched_cls'));
    expect(abi.iproute2SectionProgType('tc')).toBeUndefined();
  });

  const SECTIONS = ['42/0', '0x10/010', '1/2abc', 'classifier', '42', ' 7/ 3', '+5/-1', '-1/0', '08/1', '0/0', '1 /2', '/1', '1/',
    '0X1f/0x7', '4294967297/1', '00/00', '7/+0', 'x/1', '12/34/56', '2147483648/2', '0x/1', '0xg/1', '1/0x', '-0x10/1', ' - 1/2'];

  // The C library is the oracle for %i: glibc's sscanf, compiled for this machine.
  const cc = ['cc', 'clang'].find((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0);
  const sscanfTest = cc ? it : CI ? it : it.skip;
  sscanfTest('parseTailSection reads what sscanf(name, "%i/%i", &u32, &u32) reads', () => {
    if (!cc) throw new Error('CI=true but no C compiler');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'abi-sscanf-'));
    try {
      fs.writeFileSync(path.join(dir, 'scan.c'), [
        '#include <stdio.h>', '#include <stdint.h>',
        'int main(int argc, char **argv) {',
        '  for (int i = 1; i < argc; i++) {',
        '    uint32_t id = 0, key = 0;',
        '    int n = sscanf(argv[i], "%i/%i", &id, &key);',
        '    if (n == 2) printf("%u %u\\n", id, key); else printf("-\\n");',
        '  }',
        '  return 0;',
        '}', ''].join('\n'));
      const built = spawnSync(cc, ['-w', '-o', path.join(dir, 'scan'), path.join(dir, 'scan.c')], { encoding: 'utf8' });
      expect(built.status, built.stderr).toBe(0);
      const run = spawnSync(path.join(dir, 'scan'), SECTIONS, { encoding: 'utf8' });
      const expected = run.stdout.trimEnd().split('\n');
      const actual = SECTIONS.map((s) => {
        const t = parseTailCallSection(s);
        const a = abi.parseTailSection(s);
        expect(a === undefined).toBe(t === undefined);
        return t ? `${t.id} ${t.key}` : '-';
      });
      expect(actual).toEqual(expected);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the spelling of what it read', () => {
    expect(abi.parseTailSection(' +5/ 0x1f')).toEqual({ idText: '+5', keyText: '0x1f', id: 5, key: 31 });
    expect(abi.scanInt('-010rest')).toEqual({ value: -8, text: '-010', rest: 'rest' });
  });
});
