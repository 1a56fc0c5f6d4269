/**
 * Makes sure a migrated file still compiles with the headers it has: adds
 * `#include <bpf/bpf_helpers.h>` only when none of its headers defines the BTF-map
 * helpers, and never next to a `bpf_api.h` that already does (docs/semantics.md §4).
 */
import { nameList } from '../../src/core/name-list.js';
import { blocked, defineRule, type RuleContext, type MapPlan } from '../../src/core/rule.js';
import { declaresHelperFunctions, HELPER_NAMES, type HelperName } from '../../src/core/headers.js';
import { insertionPointAbove } from '../../src/core/render.js';
import type { Edit } from '../../src/core/types.js';
import { effectiveCondDepth, enclosingConditionals, firstCodeChar, type Directive } from '../../src/core/scan.js';

export default defineRule({
  meta: {
    id: 'btf-map-includes',
    description: 'Add #include <bpf/bpf_helpers.h> when the file\'s headers do not define __uint, __type, __array, SEC or LIBBPF_PIN_BY_NAME.',
    fixable: true,
    messages: {
      addInclude: 'Adds #include <bpf/bpf_helpers.h> for {{names}}, which none of the file\'s headers defines.',
      unresolvedInclude: 'Could not read {{headers}}; writes guarded definitions of {{names}} (#ifndef __uint), which give way to that header\'s own if it has them.',
      localDefinitions: 'Defines __uint, __type, __array and enum libbpf_pin_type in the file: {{header}} declares libbpf\'s helper functions itself, so bpf/bpf_helpers.h would clash with it.',
      selfContained: 'Defines __uint, __type, __array and enum libbpf_pin_type above the first map: the file includes no header before its maps, so it stays self-contained.',
      guardCollision: 'Defines __uint, __type, __array and enum libbpf_pin_type in the file: {{header}} uses libbpf\'s include guard __BPF_HELPERS__, so an added bpf/bpf_helpers.h would be skipped.',
      headerDefinitions: 'Defines __uint, __type, __array and enum libbpf_pin_type in the file (#ifndef __uint): {{header}} declares legacy maps, and a migrated header defines them the same way, which a bpf/bpf_helpers.h after it would redefine (enum libbpf_pin_type).',
      headerBlock: 'Defines __uint, __type, __array and enum libbpf_pin_type in the header (#ifndef __uint): the files that include it may declare libbpf\'s helper functions themselves, which bpf/bpf_helpers.h would redefine.',
      ownSec: 'Defines __uint, __type, __array and enum libbpf_pin_type in the file (#ifndef __uint): the file defines SEC itself, which bpf/bpf_helpers.h would redefine.',
      partialHelpers: 'Maps are not migrated: the file\'s headers define {{provided}} but not {{missing}}, and adding bpf/bpf_helpers.h would redefine them.',
    },
    hints: {
      unresolvedInclude: 'Pass the directory holding that header with -I so that bpf-migrate can see what it defines.',
      localDefinitions: 'Once the project moves to libbpf\'s bpf/bpf_helpers.h, replace this block with the include.',
      partialHelpers: 'Update the project header to define all of __uint, __type, __array and enum libbpf_pin_type, or include bpf/bpf_helpers.h instead of it.',
    },
  },
  requires: ['legacy-elf-map', 'legacy-map-def'],
  finish(ctx: RuleContext) {
    const live = ctx.plans.filter((p) => !p.blocked);
    if (live.length === 0) return;
    const { file } = ctx;
    const needed = new Set<HelperName>(live.flatMap((p) => [...p.needs]));
    const own = new Set(file.scan.defines.map((d) => d.name));
    const provided = (name: HelperName) => file.headers.includesBpfHelpers || file.headers.provided.has(name) || own.has(name)
      || (name === 'LIBBPF_PIN_BY_NAME' && file.text.includes('libbpf_pin_type') && /\benum\s+libbpf_pin_type\s*\{/.test(file.text));
    const missing = [...needed].filter((n) => !provided(n));
    if (missing.length === 0) return;
    const helperDefined = HELPER_NAMES.filter((n) => n !== 'SEC' && provided(n));
    const first = live.reduce((a, b) => (a.map.start < b.map.start ? a : b));
    if (helperDefined.length > 0) {
      // Every map of the file stays: the problem is reported once, at the first.
      const problem = blocked('partialHelpers', { start: first.map.start, end: first.map.headEnd }, { provided: helperDefined.join(', '), missing: missing.join(', ') });
      ctx.decide(first, problem);
      for (const plan of live) if (plan !== first) ctx.decide(plan, { ...problem, quiet: true });
      return;
    }
    const conflict = file.headers.helperConflict ?? (declaresHelperFunctions(file.text) ? 'the file' : undefined);
    const { guardCollision, legacyMapsHeader } = file.headers;
    const { isHeader } = file;
    const ownSec = own.has('SEC');
    const includeLines = file.scan.directives.filter((d) => d.kind === 'include' && effectiveCondDepth(file.scan, d) === 0 && d.start < first.map.start);
    const noIncludes = includeLines.length === 0;
    const names = missing.join(', ');
    // The guarded block does not define SEC: a file that uses SEC has it from its own headers.
    const localNames = missing.filter((n) => n !== 'SEC').join(', ');
    const unresolved = file.headers.unresolved.filter((h) => !/^(linux|asm|bits|sys)\//.test(h));
    const computed = file.scan.directives.filter((d) => d.kind === 'include').length > file.scan.includes.length;
    // A header we cannot read may define these itself (iproute2's newer bpf_api.h does, with the
    // enum): the guarded local definitions are right either way, an added include would not be.
    const unknownHeaders = unresolved.length > 0 || computed;
    const local = Boolean(conflict || guardCollision || legacyMapsHeader) || isHeader || ownSec || noIncludes || unknownHeaders;
    const edit = helperEdit(ctx, first, local, includeLines);
    for (const plan of live) ctx.decide(plan, { edits: [edit] });
    if (conflict) {
      ctx.report({ messageId: 'localDefinitions', severity: 'warning', category: 'note', start: edit.start, end: edit.start, plan: first, data: { header: conflict } });
    } else if (guardCollision) {
      ctx.report({ messageId: 'guardCollision', severity: 'warning', category: 'note', start: edit.start, end: edit.start, plan: first, data: { header: guardCollision } });
    } else if (ownSec) {
      ctx.report({ messageId: 'ownSec', severity: 'info', category: 'note', start: edit.start, end: edit.start, plan: first, data: {} });
    } else if (unknownHeaders) {
      ctx.report({ messageId: 'unresolvedInclude', severity: 'warning', category: 'note', start: edit.start, end: edit.start, plan: first, data: { headers: nameList([...unresolved, ...(computed ? ['a computed #include'] : [])]), names: localNames } });
    } else if (isHeader) {
      ctx.report({ messageId: 'headerBlock', severity: 'info', category: 'note', start: edit.start, end: edit.start, plan: first, data: {} });
    } else if (legacyMapsHeader) {
      ctx.report({ messageId: 'headerDefinitions', severity: 'info', category: 'note', start: edit.start, end: edit.start, plan: first, data: { header: legacyMapsHeader } });
    } else if (noIncludes) {
      ctx.report({ messageId: 'selfContained', severity: 'info', category: 'note', start: edit.start, end: edit.start, plan: first, data: {} });
    } else {
      ctx.report({ messageId: 'addInclude', severity: 'info', category: 'note', start: edit.start, end: edit.start, plan: first, data: { names } });
    }
  },
});

const LOCAL_DEFINITIONS = [
  '#ifndef __uint',
  '#define __uint(name, val) int (*name)[val]',
  '#define __type(name, val) typeof(val) *name',
  '#define __array(name, val) typeof(val) *name[]',
  'enum libbpf_pin_type { LIBBPF_PIN_NONE, LIBBPF_PIN_BY_NAME };',
  '#endif',
];

/**
 * Where the helpers go and in which form. After the last #include before the first map, as
 * `#include <bpf/bpf_helpers.h>`; but a file that includes nothing before its maps defines its
 * own types (bpf_helpers.h needs __u32 and friends first), and a file whose headers declare
 * libbpf's helper functions would clash with it: those get the few definitions a BTF map
 * needs, written into the file.
 */
function helperEdit(ctx: RuleContext, first: MapPlan, local: boolean, before: Directive[]): Edit {
  const { file } = ctx;
  const eol = file.eol;
  const text = local ? LOCAL_DEFINITIONS.join(eol) + eol : `#include <bpf/bpf_helpers.h>${eol}`;
  const afterInclude = before.length > 0 ? before[before.length - 1].lineEnd : -1;
  // Only between statements: an #include inside a statement in progress (stray text before it)
  // would have the block cut that statement in two.
  const inStatement = (at: number) => file.statements.some((st) => st.boundary < at && st.end > at && firstCodeChar(file.text, st.boundary, st.end) < at);
  if (afterInclude >= 0 && !inStatement(afterInclude)) {
    const at = afterInclude;
    const needsBreak = at === file.text.length && !file.text.endsWith('\n');
    return { start: at, end: at, text: (needsBreak ? eol : '') + text };
  }
  // At file scope, outside any #if around the first map (other maps may be built without it),
  // and never in front of a byte-order mark.
  const outer = enclosingConditionals(file.scan, first.map.start)[0];
  const above = outer ? outer.open.start : insertionPointAbove(file.text, first.map);
  const at = Math.max(above, file.text.charCodeAt(0) === 0xfeff ? 1 : 0);
  return { start: at, end: at, text: text + eol };
}
