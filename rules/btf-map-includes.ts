/**
 * Makes sure a migrated file still compiles with the headers it has: adds
 * `#include <bpf/bpf_helpers.h>` only when none of its headers defines the BTF-map
 * helpers, and never next to a `bpf_api.h` that already does (semantics §4).
 */
import { defineRule, type RuleContext, type MapPlan } from '../src/core/rule.js';
import { HELPER_NAMES, type HelperName } from '../src/core/headers.js';
import { firstCodeChar } from '../src/core/scan.js';
import type { Edit } from '../src/core/types.js';

export default defineRule({
  meta: {
    id: 'btf-map-includes',
    description: 'Add #include <bpf/bpf_helpers.h> when the file\'s headers do not define __uint, __type, __array, SEC or LIBBPF_PIN_BY_NAME.',
    fixable: true,
    messages: {
      addInclude: 'Adds #include <bpf/bpf_helpers.h> for {{names}}, which none of the file\'s headers defines.',
      unresolvedInclude: 'Could not find {{headers}} on the include path; assuming it does not define {{names}} and adding #include <bpf/bpf_helpers.h>.',
      localDefinitions: 'Defines __uint, __type, __array and enum libbpf_pin_type in the file: {{header}} declares libbpf\'s helper functions itself, so bpf/bpf_helpers.h would clash with it.',
      partialHelpers: 'Maps are not migrated: the file\'s headers define {{provided}} but not {{missing}}, and adding bpf/bpf_helpers.h would redefine them.',
    },
    hints: {
      unresolvedInclude: 'Pass the directory holding that header with -I so that bpf-migrate can see what it defines.',
      localDefinitions: 'Once the project moves to libbpf\'s bpf/bpf_helpers.h, replace this block with the include.',
      partialHelpers: 'Update the project header to define all of __uint, __type, __array and enum libbpf_pin_type, or include bpf/bpf_helpers.h instead of it.',
    },
  },
  requires: ['legacy-elf-map'],
  finish(ctx: RuleContext) {
    const live = ctx.plans.filter((p) => !p.blocked);
    if (live.length === 0) return;
    const { file } = ctx;
    const needed = new Set<HelperName>(live.flatMap((p) => [...p.needs]));
    const own = new Set(file.scan.defines.map((d) => d.name));
    const provided = (name: HelperName) => file.headers.includesBpfHelpers || file.headers.provided.has(name) || own.has(name)
      || (name === 'LIBBPF_PIN_BY_NAME' && /\benum\s+libbpf_pin_type\s*\{/.test(file.text));
    const missing = [...needed].filter((n) => !provided(n));
    if (missing.length === 0) return;
    const helperDefined = HELPER_NAMES.filter((n) => n !== 'SEC' && provided(n));
    const first = live.reduce((a, b) => (a.map.start < b.map.start ? a : b));
    if (helperDefined.length > 0) {
      for (const plan of live) plan.blocked = true;
      ctx.report({
        messageId: 'partialHelpers', severity: 'error', category: 'problem', start: first.map.start, end: first.map.headEnd,
        data: { provided: helperDefined.join(', '), missing: missing.join(', ') },
      });
      return;
    }
    const conflict = file.headers.helperConflict;
    const edit = conflict ? localDefinitionsEdit(ctx, first) : includeEdit(ctx, first);
    const names = missing.join(', ');
    const unresolved = file.headers.unresolved.filter((h) => !/^(linux|asm|bits|sys)\//.test(h));
    for (const plan of live) {
      plan.edits.push(edit);
    }
    if (conflict) {
      ctx.report({ messageId: 'localDefinitions', severity: 'warning', category: 'note', start: edit.start, end: edit.start, plan: first, data: { header: conflict } });
    } else if (unresolved.length > 0) {
      ctx.report({ messageId: 'unresolvedInclude', severity: 'warning', category: 'note', start: edit.start, end: edit.start, plan: first, data: { headers: unresolved.join(', '), names } });
    } else {
      ctx.report({ messageId: 'addInclude', severity: 'info', category: 'note', start: edit.start, end: edit.start, plan: first, data: { names } });
    }
  },
});

/**
 * The definitions libbpf's bpf_helpers.h would give, for files whose own headers clash with it
 * (old copies that declare `bpf_map_lookup_elem` and friends).
 */
function localDefinitionsEdit(ctx: RuleContext, first: MapPlan): Edit {
  const eol = ctx.file.eol;
  const block = [
    '#ifndef __uint',
    '#define __uint(name, val) int (*name)[val]',
    '#define __type(name, val) typeof(val) *name',
    '#define __array(name, val) typeof(val) *name[]',
    'enum libbpf_pin_type { LIBBPF_PIN_NONE, LIBBPF_PIN_BY_NAME };',
    '#endif',
  ].join(eol) + eol;
  return lineAfterIncludes(ctx, first, block);
}

/** The line after the last unconditional #include that comes before the first migrated map. */
function includeEdit(ctx: RuleContext, first: MapPlan): Edit {
  return lineAfterIncludes(ctx, first, `#include <bpf/bpf_helpers.h>${ctx.file.eol}`);
}

function lineAfterIncludes(ctx: RuleContext, first: MapPlan, line: string): Edit {
  const { file } = ctx;
  const before = file.scan.includes.filter((i) => !i.conditional && i.start < first.map.start);
  if (before.length > 0) {
    const at = before[before.length - 1].lineEnd;
    const needsBreak = at === file.text.length && !file.text.endsWith('\n');
    return { start: at, end: at, text: (needsBreak ? file.eol : '') + line };
  }
  const code = firstCodeChar(file.text, 0, file.text.length);
  const at = file.text.lastIndexOf('\n', code - 1) + 1;
  return { start: at, end: at, text: line };
}
