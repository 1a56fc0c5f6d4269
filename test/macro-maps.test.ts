/** Map macros written out as the preprocessor expands them, and the run's last check for legacy maps left. */
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { migrate } from '../src/core/engine.js';
import { HeaderCache, type SourceProvider } from '../src/core/headers.js';

const PAIR = [
  '#define SEC(n) __attribute__((section(n), used))',
  'struct bpf_elf_map { unsigned int type, size_key, size_value, max_elem, flags, id, pinning, inner_id, inner_idx; };',
  '#define PAIR(outer, inner) \\',
  '  struct bpf_elf_map SEC("maps") inner = { .type = 2, .size_key = 4, .size_value = 8, .max_elem = 1, .id = __COUNTER__ + 1, }; \\',
  '  struct bpf_elf_map SEC("maps") outer = { .type = 12, .size_key = 4, .size_value = 4, .max_elem = 2, .inner_id = __COUNTER__, }',
].join('\n');

function provider(headers: Record<string, string>): SourceProvider {
  return { resolveInclude: (spec) => (spec in headers ? { path: `/inc/${spec}`, text: headers[spec] } : undefined) };
}

function run(text: string, headers: Record<string, string> = {}) {
  return migrate(text, { path: '/src/prog.c', provider: provider(headers), headerCache: new HeaderCache(), rules });
}

const ids = (r: ReturnType<typeof run>) => r.diagnostics.map((d) => `${d.ruleId}/${d.messageId}`);

describe('map macros', () => {
  it('writes out a two-map __COUNTER__ macro and wires the pair, with a note at the use', () => {
    const r = run(`${PAIR}\nPAIR(outer_a, inner_a);\n`);
    expect(r.output).toContain('__array(values, struct inner_a_def)');
    expect(r.output).toContain('[0] = &inner_a');
    expect(r.output).not.toContain('PAIR(outer_a');
    expect(ids(r)).toContain('engine/macroMapWrittenOut');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('counts __COUNTER__ reached earlier in the file', () => {
    const r = run(`${PAIR}\nstatic const int first_id = __COUNTER__;\nPAIR(outer_a, inner_a);\n`);
    // The earlier use took 0: the pair reads 1 and 2, as clang gives.
    const expansion = r.original!.file!.macroMaps[0].expansion!;
    expect(expansion).toContain('.id = 1 + 1,');
    expect(expansion).toContain('.inner_id = 2,');
    expect(r.output).toContain('[0] = &inner_a');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('refuses when a header reaches __COUNTER__ or cannot be read', () => {
    const fromHeader = run(`#include "ids.h"\n${PAIR}\nPAIR(outer_a, inner_a);\n`, { 'ids.h': 'static const int header_id = __COUNTER__;\n' });
    expect(fromHeader.output).toContain('PAIR(outer_a, inner_a);');
    expect(ids(fromHeader)).toContain('legacy-elf-map/macroMapUnexpandable');
    const unread = run(`#include "missing.h"\n${PAIR}\nPAIR(outer_a, inner_a);\n`);
    expect(unread.output).toContain('PAIR(outer_a, inner_a);');
    expect(ids(unread)).toContain('legacy-elf-map/macroMapUnexpandable');
  });

  it('refuses when a later __COUNTER__ that stays would change value', () => {
    const r = run(`${PAIR}\nPAIR(outer_a, inner_a);\nstatic const int later_id = __COUNTER__;\n`);
    expect(r.output).toContain('PAIR(outer_a, inner_a);');
    expect(ids(r)).toContain('legacy-elf-map/macroMapUnexpandable');
  });

  it('leaves the user\'s own macros in the written-out map (sizes, names), expanding only what builds it', () => {
    const r = run([
      '#define SEC(n) __attribute__((section(n), used))',
      'struct bpf_map_def { unsigned int type, key_size, value_size, max_entries, map_flags; };',
      '#define SLOTS 16',
      '#define TABLE(t, n, max) struct bpf_map_def SEC("maps") n##_tbl = { .type = t, .key_size = 4, .value_size = 8, .max_entries = max, }',
      'TABLE(1, flows, SLOTS);',
      '',
    ].join('\n'));
    expect(r.output).toContain('__uint(max_entries, SLOTS);');
    expect(r.output).toContain('} flows_tbl SEC(".maps");');
  });
});

describe('never silent', () => {
  it('names a legacy map that comes out of a shape no rule reads, and only when a map rule runs', () => {
    const text = [
      '#define SEC(n) __attribute__((section(n), used))',
      'struct bpf_elf_map { unsigned int type, size_key, size_value, max_elem; };',
      '#define HEAD(n) struct bpf_elf_map SEC("maps") n',
      'HEAD(m) = { .type = 1, .size_key = 4, .size_value = 4, .max_elem = 1 };',
      '',
    ].join('\n');
    const r = run(text);
    expect(r.output).toBe(text);
    const left = r.diagnostics.filter((d) => d.messageId === 'legacyMapRemains');
    expect(left.map((d) => [d.ruleId, d.severity, d.line, d.subject])).toEqual([['engine', 'error', 4, 'm']]);
    const onlyPinning = migrate(text, { path: '/src/prog.c', headerCache: new HeaderCache(), rules: rules.filter((x) => x.meta.id === 'map-pinning') });
    expect(onlyPinning.diagnostics.filter((d) => d.messageId === 'legacyMapRemains')).toEqual([]);
  });

  it('says nothing more about maps that are migrated or already refused with an error', () => {
    const text = [
      '#define SEC(n) __attribute__((section(n), used))',
      'struct bpf_elf_map { unsigned int type, size_key, size_value, max_elem, flags, id, pinning; };',
      'struct bpf_elf_map SEC("maps") ok = { .type = 1, .size_key = 4, .size_value = 4, .max_elem = 1 };',
      'struct bpf_elf_map SEC("maps") odd = { .type = 1, .size_key = 4, .size_value = 4, .max_elem = 1, .pinning = 7 };',
      '',
    ].join('\n');
    const r = run(text);
    expect(r.output).not.toContain('SEC("maps") ok');
    expect(r.diagnostics.filter((d) => d.messageId === 'legacyMapRemains')).toEqual([]);
    expect(r.diagnostics.some((d) => d.severity === 'error' && d.subject === 'odd')).toBe(true);
  });
});
