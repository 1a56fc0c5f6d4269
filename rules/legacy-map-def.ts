/** Rewrites libbpf's legacy `struct bpf_map_def SEC("maps")` declarations as BTF-defined maps. */
import { defineRule, type RuleContext } from '../src/core/rule.js';
import { newPlan, planCommonMembers } from '../src/core/members.js';
import { reportUnreadable, MAP_READ_MESSAGES, MAP_READ_HINTS, reportBtfTwin } from './shared/map-read.js';

export default defineRule({
  meta: {
    id: 'legacy-map-def',
    description: 'Rewrite libbpf-legacy `struct bpf_map_def` declarations in section "maps" as BTF-defined maps.',
    fixable: true,
    messages: {
      legacyMap: "Map '{{name}}' uses the legacy `struct bpf_map_def` format, which libbpf 1.0 refuses.",
      ...MAP_READ_MESSAGES,
    },
    hints: MAP_READ_HINTS,
  },
  run(ctx: RuleContext) {
    for (const map of ctx.file.maps) {
      if (map.kind !== 'mapdef') continue;
      const plan = newPlan(map);
      ctx.plans.push(plan);
      ctx.report({ messageId: 'legacyMap', severity: 'warning', category: 'legacy', start: map.start, end: map.headEnd, plan, data: { name: map.name } });
      if (reportBtfTwin(ctx, plan)) continue;
      planCommonMembers(plan, ctx.file);
    }
    reportUnreadable(ctx, 'mapdef');
  },
});
