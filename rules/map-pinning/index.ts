/**
 * Translates `.pinning`: PIN_GLOBAL_NS becomes LIBBPF_PIN_BY_NAME (same path under tc),
 * PIN_OBJECT_NS becomes the same with a warning (the map turns global), custom ids stay.
 */
import { blocked, defineRule, type MapDecision, type MapFix, type RuleContext } from '../../src/core/rule.js';
import type { FileModel } from '../../src/core/file.js';
import type { MapField } from '../../src/core/legacy-map.js';
import { PIN_GLOBAL_NS, PIN_NONE, PIN_OBJECT_NS } from '../../src/abi/index.js';
import { evaluate, overridableMacroIn } from '../../src/core/cexpr.js';

export default defineRule({
  meta: {
    id: 'map-pinning',
    description: 'Translate iproute2 pinning (PIN_GLOBAL_NS, PIN_OBJECT_NS) to LIBBPF_PIN_BY_NAME.',
    fixable: true,
    messages: {
      pinning: "Map '{{name}}': .pinning = {{value}} becomes __uint(pinning, LIBBPF_PIN_BY_NAME).",
      objectNs: "Map '{{name}}' was pinned per object (PIN_OBJECT_NS, /sys/fs/bpf/tc/<object hash>/{{name}}); LIBBPF_PIN_BY_NAME pins it under the loader's pin root instead, shared by every object that declares a map of that name.",
      customPinning: "Map '{{name}}' is not migrated: .pinning = {{value}} is a custom pinning id (mapped through /etc/iproute2/bpf_pinning), which BTF maps cannot express.",
      pinningUnknown: "Map '{{name}}' is not migrated: .pinning = {{value}} cannot be evaluated, so whether and where the map is pinned is unknown.",
      pinningOverridable: "Map '{{name}}' is not migrated: .pinning = {{value}} reads {{macro}}, a default the build may override (#ifndef {{macro}}), and BTF pinning has a different spelling for each value.",
    },
    hints: {
      objectNs: 'If two objects declare this map name and must not share it, rename one of the maps.',
      customPinning: 'Pick LIBBPF_PIN_BY_NAME with a pin_root_path at load time, or keep this object on the legacy loader.',
      pinningUnknown: 'Use PIN_NONE, PIN_OBJECT_NS, PIN_GLOBAL_NS or a #define visible in the file or its headers (pass -I).',
      pinningOverridable: 'Write the pinning as `#if`/`#else` branches of whole maps, or fix its value, then run bpf-migrate again.',
    },
  },
  requires: ['legacy-elf-map'],
  run(ctx: RuleContext) {
    for (const plan of ctx.plans) {
      if (plan.blocked) continue;
      for (const f of plan.map.fields) {
        if (f.name !== 'pinning') continue;
        const decision = pinning(f, plan.map.name, ctx.file);
        ctx.decide(plan, decision);
        if ('blocked' in decision) break;
      }
    }
  },
});

/**
 * One `.pinning` field's translation (docs/semantics.md §3):
 *   .pinning = PIN_GLOBAL_NS   →   __uint(pinning, LIBBPF_PIN_BY_NAME);
 * PIN_NONE goes; PIN_OBJECT_NS takes the same spelling with a warning; anything else keeps the map.
 */
export function pinning(f: MapField, name: string, file: FileModel): MapDecision {
  const v = evaluate(f.value, file.macros);
  const data = { name, value: f.value };
  const knob = overridableMacroIn(f.value, file.macros);
  if (knob) return blocked('pinningOverridable', f, { ...data, macro: knob });
  if (v === undefined) return blocked('pinningUnknown', f, data);
  if (v === BigInt(PIN_NONE)) return { members: [[f, null]] };
  if (v !== BigInt(PIN_OBJECT_NS) && v !== BigInt(PIN_GLOBAL_NS)) return blocked('customPinning', f, data);
  const reports: MapFix['reports'] = [{ messageId: 'pinning', severity: 'info', category: 'legacy', start: f.start, end: f.end, data }];
  if (v === BigInt(PIN_OBJECT_NS)) reports.push({ messageId: 'objectNs', severity: 'warning', category: 'note', start: f.start, end: f.end, data });
  return { members: [[f, '__uint(pinning, LIBBPF_PIN_BY_NAME);']], needs: ['LIBBPF_PIN_BY_NAME'], reports };
}
