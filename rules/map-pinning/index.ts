/**
 * Translates `.pinning`: PIN_GLOBAL_NS becomes LIBBPF_PIN_BY_NAME (same path under tc),
 * PIN_OBJECT_NS becomes the same with a warning (the map turns global), custom ids stay.
 */
import { defineRule, type RuleContext } from '../../src/core/rule.js';
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
        const v = evaluate(f.value, ctx.file.macros);
        const data = { name: plan.map.name, value: f.value };
        const knob = overridableMacroIn(f.value, ctx.file.macros);
        if (knob) { ctx.block(plan, { messageId: 'pinningOverridable', severity: 'error', start: f.start, end: f.end, data: { ...data, macro: knob } }); break; }
        if (v === undefined) { ctx.block(plan, { messageId: 'pinningUnknown', severity: 'error', start: f.start, end: f.end, data }); break; }
        if (v === 0n) { plan.members.set(f, null); continue; }
        if (v === 1n || v === 2n) {
          plan.members.set(f, '__uint(pinning, LIBBPF_PIN_BY_NAME);');
          ctx.report({ messageId: 'pinning', severity: 'info', category: 'legacy', start: f.start, end: f.end, plan, data });
          plan.needs.add('LIBBPF_PIN_BY_NAME');
          if (v === 1n) ctx.report({ messageId: 'objectNs', severity: 'warning', category: 'note', start: f.start, end: f.end, plan, data });
          continue;
        }
        ctx.block(plan, { messageId: 'customPinning', severity: 'error', start: f.start, end: f.end, data });
        break;
      }
    }
  },
});
