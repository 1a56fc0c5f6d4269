/** Drops `static` from migrated maps: libbpf (since v0.4) rejects static map variables. */
import { defineRule, type RuleContext } from '../../src/core/rule.js';

export default defineRule({
  meta: {
    id: 'static-map',
    description: 'Drop `static` from migrated maps, which libbpf rejects.',
    fixable: true,
    messages: {
      staticDropped: "Map '{{name}}' loses `static`: libbpf refuses static map variables, so the map becomes a global symbol of the object.",
    },
    hints: {
      staticDropped: 'If another file linked into the same object declares a map of this name, rename one of them.',
    },
  },
  requires: ['legacy-elf-map', 'legacy-map-def'],
  run(ctx: RuleContext) {
    for (const plan of ctx.plans) {
      if (plan.blocked || !plan.map.isStatic) continue;
      ctx.decide(plan, { dropStatic: true, reports: [{ messageId: 'staticDropped', severity: 'info', category: 'note', start: plan.map.start, end: plan.map.headEnd, data: { name: plan.map.name } }] });
    }
  },
});
