/**
 * Translates `.pinning`: PIN_GLOBAL_NS becomes LIBBPF_PIN_BY_NAME (same path under tc),
 * PIN_OBJECT_NS becomes the same with a warning (the map turns global), custom ids stay.
 */
import { defineRule, type RuleContext } from '../src/core/rule.js';
import { evaluate } from '../src/core/cexpr.js';

export default defineRule({
  meta: {
    id: 'map-pinning',
    description: 'Translate iproute2 pinning (PIN_GLOBAL_NS, PIN_OBJECT_NS) to LIBBPF_PIN_BY_NAME.',
    fixable: true,
    messages: {
      pinning: "Map '{{name}}': .pinning = {{value}} becomes __uint(pinning, LIBBPF_PIN_BY_NAME).",
      objectNs: "Map '{{name}}' was pinned per object (PIN_OBJECT_NS, /sys/fs/bpf/tc/<object hash>/{{name}}); LIBBPF_PIN_BY_NAME pins it under the loader's pin root instead, shared by every object that declares a map of that name.",
      customPinning: "Map '{{name}}' is not migrated: .pinning = {{value}} is a custom pinning id (mapped through /etc/iproute2/bpf_pinning), which BTF maps cannot express.",
    },
    hints: {
      objectNs: 'If two objects declare this map name and must not share it, rename one of the maps.',
      customPinning: 'Pick LIBBPF_PIN_BY_NAME with a pin_root_path at load time, or keep this object on the legacy loader.',
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
