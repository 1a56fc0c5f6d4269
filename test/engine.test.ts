/** Engine invariants that the corpus cannot show on its own: coordinates, line endings, refusals. */
import { describe, expect, it } from 'vitest';
import { applyFixes } from '../src/core/engine.js';
import { editsBetween } from '../src/core/edits.js';
import { mentionsLegacy, scan } from '../src/core/scan.js';
import { evaluate, MacroTable } from '../src/core/cexpr.js';
import { runMigrate } from './support/corpus.js';

const MAP = (name: string) => `struct bpf_elf_map __section("maps") ${name} = {\n\t.type = BPF_MAP_TYPE_ARRAY,\n\t.size_key = sizeof(__u32),\n\t.size_value = sizeof(__u64),\n\t.max_elem = 4,\n};\n`;
const HEAD = '#include "bpf_api.h"\n';

/** Applies edits that must come sorted and apart, as the engine promises them. */
function rebuild(text: string, edits: { start: number; end: number; text: string }[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) { expect(e.start).toBeGreaterThanOrEqual(at); out += text.slice(at, e.start) + e.text; at = e.end; }
  return out + text.slice(at);
}

describe('engine', () => {
  it('uses JavaScript string indices: non-ASCII comments before a map do not shift edits', () => {
    const text = `${HEAD}/* Zähler für Pakete — 計数器 🐝 */\n${MAP('counts')}`;
    const r = runMigrate('/virtual/x.c', text);
    expect(r.output).toContain('/* Zähler für Pakete — 計数器 🐝 */\nstruct {\n\t__uint(type, BPF_MAP_TYPE_ARRAY);');
    expect(r.output).toContain('} counts __section(".maps");');
    const d = r.diagnostics.find((x) => x.ruleId === 'legacy-elf-map')!;
    expect(d.line).toBe(3);
    expect(text.slice(d.start, d.start + 18)).toBe('struct bpf_elf_map');
  });

  it('keeps CRLF line endings and a UTF-8 BOM', () => {
    const text = '\uFEFF' + (HEAD + MAP('m')).replace(/\n/g, '\r\n');
    const r = runMigrate('/virtual/x.c', text);
    expect(r.changed).toBe(true);
    expect(r.output.startsWith('\uFEFF#include "bpf_api.h"\r\n#include <bpf/bpf_helpers.h>\r\n')).toBe(true);
    expect(r.output.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('user-space loader code that compares section names with "maps" is no legacy map (bpf_load.c, libbpf.c)', () => {
    const loader = `#include <string.h>
#include <stdbool.h>
struct bpf_map_def { unsigned int type, key_size, value_size, max_entries, map_flags; };
static int load_elf_maps_section(struct bpf_map_def *maps, int maps_shndx, int strtabidx)
{
\treturn maps_shndx + strtabidx + (maps != 0);
}
static int collect(const char *shname)
{
\tif (strcmp(shname, "maps") == 0)
\t\treturn 1;
\treturn load_elf_maps_section(0, 0, 0);
}
`;
    const r = runMigrate('/tmp/bpf_load.c', loader);
    expect(r.output).toBe(loader);
    expect(r.diagnostics.map((d) => `${d.ruleId}/${d.messageId}`)).toEqual([]);
  });

  it('does not scan files that name no legacy construct', () => {
    expect(mentionsLegacy('int main(void) { return 0; }')).toBe(false);
    const r = runMigrate('/virtual/plain.c', 'int main(void) { return 0; }\n');
    expect(r.file).toBeUndefined();
  });

  it('reads declarations through unknown macros around them', () => {
    const text = `${HEAD}FOO_ATTR(1, 2)\nint helper(void) { return 0; }\nDECLARE_THING(x);\n${MAP('m')}`;
    const r = runMigrate('/virtual/x.c', text);
    expect(r.output).toContain('} m __section(".maps");');
  });

  it('refuses a fix whose output parses worse, leaving the text untouched', () => {
    const text = 'int a;\nint b;\n';
    const r = applyFixes(text, [{ key: 'bad', title: 'bad', subjects: ['a'], edits: [{ start: 0, end: 6, text: 'int a = (;' }] }]);
    expect(r.rejected).toBeDefined();
    expect(r.output).toBe(text);
  });

  it('skips a fix that overlaps an earlier one and keeps identical shared edits once', () => {
    const text = 'int a;\nint b;\n';
    const shared = { start: 0, end: 0, text: '/* x */\n' };
    const r = applyFixes(text, [
      { key: 'one', title: '', subjects: [], edits: [shared, { start: 4, end: 5, text: 'c' }] },
      { key: 'two', title: '', subjects: [], edits: [shared, { start: 4, end: 6, text: 'd;' }] },
      { key: 'three', title: '', subjects: [], edits: [shared, { start: 11, end: 12, text: 'e' }] },
    ]);
    expect(r.applied).toEqual(['one', 'three']);
    expect(r.conflicting).toEqual(['two']);
    expect(r.output).toBe('/* x */\nint c;\nint e;\n');
  });

  it('scans past comments, strings and line continuations', () => {
    const text = '/* struct bpf_elf_map in a comment; { */\nconst char *s = "};{";\n#define X \\\n  {\nint x;\n';
    const s = scan(text);
    expect(s.unbalanced).toBe(false);
    expect(s.defines.map((d) => d.name)).toEqual(['X']);
    expect(s.statements.map((st) => text.slice(st.boundary, st.end).trim())).toEqual([
      '/* struct bpf_elf_map in a comment; { */\nconst char *s = "};{";', 'int x;',
    ]);
  });

  it('evaluates the constant expressions legacy maps use', () => {
    const macros = MacroTable.of([{ name: 'MAX', params: null, body: '(1 << 16)', start: 0 }, { name: 'SQ', params: ['x'], body: '((x) * (x))', start: 0 }]);
    expect(evaluate('MAX', macros)).toBe(65536n);
    expect(evaluate('SQ(3) + 0x10', macros)).toBe(25n);
    expect(evaluate('sizeof(__u64) * 2', macros)).toBe(16n);
    expect(evaluate('PIN_GLOBAL_NS', macros)).toBe(2n);
    expect(evaluate('BPF_MAP_TYPE_PROG_ARRAY', macros)).toBe(3n);
    expect(evaluate('(__u32)-1', macros)).toBe(0xffffffffn);
    expect(evaluate('UNKNOWN_THING', macros)).toBeUndefined();
  });

  it('treats a macro defined differently under #if branches as unknown', () => {
    const text = `${HEAD}#ifdef PREALLOC\n#define MAP_FLAGS 0\n#else\n#define MAP_FLAGS BPF_F_NO_PREALLOC\n#endif\n${MAP('m').replace('.max_elem = 4,', '.max_elem = 4,\n\t.flags = MAP_FLAGS,')}`;
    const r = runMigrate('/virtual/x.c', text);
    expect(r.output).toContain('__uint(map_flags, MAP_FLAGS);');
  });

  it('writes out a map declared through a macro and describes the result against the text as given', () => {
    const define = '#define MY_ARRAY(NAME, MAX) struct bpf_elf_map __section("maps") NAME = { .type = BPF_MAP_TYPE_ARRAY, .size_key = sizeof(__u32), .size_value = sizeof(__u64), .max_elem = (MAX) }\n';
    const text = `${HEAD}${define}\nMY_ARRAY(stats, 16);\t/* one per queue */\n\n${MAP('other')}`;
    const r = runMigrate('/virtual/x.c', text);
    expect(r.output).toContain('struct {\n\t__uint(type, BPF_MAP_TYPE_ARRAY);\n\t__type(key, __u32);\n\t__type(value, __u64);\n\t__uint(max_entries, 16);\n} stats __section(".maps");\t/* one per queue */\n');
    expect(r.output).toContain('} other __section(".maps");');
    expect(r.output).not.toContain('MY_ARRAY(stats');
    // The edits and diagnostics are in the coordinates of the text as given.
    expect(rebuild(text, r.apply!.edits)).toBe(r.output);
    const d = r.diagnostics.find((x) => x.ruleId === 'legacy-elf-map' && x.subject === 'stats')!;
    expect(text.slice(d.start, d.start + 8)).toBe('MY_ARRAY');
    expect(d.line).toBe(4);
    const other = r.diagnostics.find((x) => x.ruleId === 'legacy-elf-map' && x.subject === 'other')!;
    expect(text.slice(other.start, other.start + 18)).toBe('struct bpf_elf_map');
  });

  it('reports an iproute2 map macro from an unreadable header, by its number of arguments (not BCC\'s)', () => {
    const tail = '__section_tail(0, 0)\nint cls_loop(struct __sk_buff *skb)\n{\n\treturn 0;\n}\n';
    const text = `#include "../../include/missing_bpf_api.h"\n\nBPF_PROG_ARRAY(jmp_tc, 0, PIN_GLOBAL_NS, 1);\nBPF_HASH(start, u32);\nBPF_PROG_ARRAY(jumps, 8);\n${tail}`;
    const r = runMigrate('/virtual/x.c', text);
    expect(r.changed).toBe(false);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.messageId, d.subject, d.line])).toEqual([['macroMapUnexpandable', 'jmp_tc', 3]]);
    expect(errors[0].message).toContain('pass its directory with -I');
    // The tail call may belong to that prog array: no "no prog array in this file" warning.
    expect(r.diagnostics.filter((d) => d.messageId === 'noProgArray')).toEqual([]);
  });

  it('leaves macros that declare no map alone (extern, pointer)', () => {
    const defines = '#define DECLARE_EXTERN(m) extern struct bpf_elf_map m\n#define MAP_PTR(p, m) struct bpf_elf_map *p = &m\n';
    const text = `${HEAD}${defines}DECLARE_EXTERN(shared);\nMAP_PTR(cursor, shared);\n`;
    const r = runMigrate('/virtual/x.c', text);
    expect(r.changed).toBe(false);
    expect(r.diagnostics.filter((d) => d.subject === 'shared' || d.subject === 'cursor')).toEqual([]);
  });

  it('restates a result of several passes as edits of the text as given', () => {
    const cases: [string, string][] = [
      ['a\nb\nc\n', 'a\nB\nc\n'],
      ['a\nb\nc\n', 'x\na\nb\nc\ny\n'],
      ['a\nb\nc\n', 'c\n'],
      ['one\r\ntwo\r\n', 'one\r\n2\r\n3\r\ntwo\r\n'],
      ['no newline', 'no newline\nat all'],
      ['', 'x\n'],
    ];
    for (const [a, b] of cases) expect(rebuild(a, editsBetween(a, b))).toBe(b);
  });
});
