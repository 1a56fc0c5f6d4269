/**
 * The core reads C from the tree-sitter tree of the statement the scanner isolated, not from
 * regular expressions over its text: the cases the regular expressions got wrong.
 */
import { describe, expect, it } from 'vitest';
import { buildFileModel } from '../src/core/file.js';
import { legacyAliases, readTypedefs, structLayouts } from '../src/core/headers.js';
import { identifierOccurrences, legacyStructUse } from '../src/core/legacy-map.js';
import { scan } from '../src/core/scan.js';
import { runMigrate } from './support/corpus.js';

describe('struct layouts', () => {
  const layout = (body: string) => structLayouts(`struct bpf_elf_map {\n${body}\n};\n`, 'x.h').get('bpf_elf_map')!;

  it('a comment with a comma or a semicolon in the field list', () => {
    expect(layout('\t__u32 type; /* the type, see a; b */\n\t__u32 size_key, /* key, bytes */ size_value;\n\t__u32 max_elem; // max, elems;').fields)
      .toEqual(['type', 'size_key', 'size_value', 'max_elem']);
  });

  it('several declarators, bitfields with a width macro, arrays, function pointers', () => {
    expect(layout('\t__u32 type, size_key : WIDTH, size_value : 3;\n\t__u32 max_elem[N], flags;\n\tint (*cb)(int a, int b);').fields)
      .toEqual(['type', 'size_key', 'size_value', 'max_elem', 'flags', 'cb']);
  });

  it('members of an anonymous union are the struct\'s', () => {
    expect(layout('\t__u32 type;\n\tunion { __u32 id; __u32 other; };\n\t__u32 pinning;').fields).toEqual(['type', 'id', 'other', 'pinning']);
  });

  it('fields under #ifdef, #else and #if carry their conditions', () => {
    const l = layout('\t__u32 type;\n#ifdef HAVE_INNER\n\t__u32 inner_id,\n\t      inner_idx;\n#else\n\t__u32 flags;\n#endif\n#if X > 1\n\t__u32 id;\n#endif\n\t__u32 pinning;');
    expect(l.fields).toEqual(['type', 'inner_id', 'inner_idx', 'flags', 'id', 'pinning']);
    expect([...l.conditional]).toEqual(['inner_id', 'inner_idx', 'flags', 'id']);
    expect(Object.fromEntries(l.conditions)).toEqual({ inner_id: [['HAVE_INNER', true]], inner_idx: [['HAVE_INNER', true]], flags: [['HAVE_INNER', false]] });
  });
});

describe('typedefs', () => {
  it('a typedef spanning lines, several declarators, pointers and arrays; not in comments', () => {
    const text = '/* typedef int fake_t; */\ntypedef unsigned long\n\tlong counter_t;\ntypedef __u32 a_t, *ap_t, arr_t[4];\ntypedef int (*fn_t)(void);\n';
    expect(readTypedefs(text, scan(text))).toEqual([
      { name: 'counter_t', type: 'unsigned long long' }, { name: 'a_t', type: '__u32' }, { name: 'ap_t', type: '__u32 *' },
      { name: 'arr_t', type: '__u32[4]' }, { name: 'fn_t', type: undefined },
    ]);
    const file = buildFileModel(text);
    expect([...file.typedefs]).toEqual(['counter_t', 'a_t', 'ap_t', 'arr_t', 'fn_t']);
    expect(Object.fromEntries(file.scalarTypedefs)).toEqual({ counter_t: 'unsigned long long', a_t: '__u32', ap_t: '__u32 *', arr_t: '__u32[4]' });
  });

  it('a struct typedef with nested braces and a conditional field', () => {
    const text = 'typedef struct {\n\tstruct { int y; } in;\n#ifdef A\n\tint a;\n#endif\n} pair_t;\n';
    expect(readTypedefs(text, scan(text)).map((t) => t.name)).toEqual(['pair_t']);
  });

  it('names for the legacy structs, on one line or several', () => {
    const text = 'typedef struct bpf_elf_map map_t;\ntypedef struct\n\tbpf_map_def def_t, *def_p;\n/* typedef struct bpf_elf_map not_t; */\n';
    expect(legacyAliases(text, scan(text))).toEqual([['map_t', 'elf'], ['def_t', 'mapdef']]);
  });
});

describe('uses of a map that only its legacy struct allows', () => {
  const use = (rest: string) => {
    const text = `#include <bpf_api.h>\nstruct bpf_elf_map __section("maps") m = { .type = 1, .size_key = 4, .size_value = 4, .max_elem = 2 };\n${rest}`;
    const file = buildFileModel(text);
    const at = identifierOccurrences(text, new Set(['m'])).get('m') ?? [];
    const map = file.maps[0];
    return legacyStructUse(file, 'm', at, map.start, map.end, text.includes('extern'));
  };

  it('sizeof with a space, a comment or extra parentheses', () => {
    expect(use('int f(void) { return sizeof (m); }\n')).toBe('sizeof(m)');
    expect(use('int f(void) { return sizeof /* the map */ (m); }\n')).toBe('sizeof(m)');
    expect(use('int f(void) { return sizeof(/* the map */ m); }\n')).toBe('sizeof(m)');
    expect(use('int f(void) { return sizeof((m)); }\n')).toBe('sizeof(m)');
    expect(use('int f(void) { return sizeof m; }\n')).toBe('sizeof(m)');
  });

  it('a sizeof in a #define body, and field reads through . and ->', () => {
    expect(use('#define SZ \\\n\tsizeof(m)\n')).toBe('sizeof(m)');
    expect(use('int f(void) { return m . max_elem; }\n')).toBe('m.max_elem');
    expect(use('int f(void) { struct bpf_elf_map *p = &m; return (&m)->id + p->id; }\n')).toBeUndefined();
  });

  it('extern declarations, also with other declarators', () => {
    expect(use('extern struct bpf_elf_map other, m;\n')).toBe('extern struct ... m');
    expect(use('extern int m2;\n')).toBeUndefined();
  });

  it('what only looks like a use: comments, strings, other identifiers, a sizeof far away', () => {
    expect(use('/* sizeof(m) and m.max_elem */\nint f(void) { return 0; }\n')).toBeUndefined();
    expect(use('int f(void) { char *s = "sizeof(m)"; return sizeof(int) + (m2.x); }\n')).toBeUndefined();
    expect(use('int f(int x) { return sizeof(x) * 2 + bpf_map_lookup_elem(&m, &x) != 0; }\n')).toBeUndefined();
  });

  it('the engine refuses the map with legacyUse', () => {
    const text = '#include "bpf_api.h"\n\nstruct bpf_elf_map __section_maps slots = {\n\t.type = BPF_MAP_TYPE_ARRAY,\n\t.size_key = sizeof(__u32),\n\t.size_value = sizeof(__u64),\n\t.max_elem = 8,\n};\n\n__section("classifier")\nint cls(struct __sk_buff *skb)\n{\n\treturn sizeof /* of the map */ (slots);\n}\n';
    const r = runMigrate('/virtual/x.c', text);
    expect(r.changed).toBe(false);
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.messageId)).toEqual(['legacyUse']);
  });
});
