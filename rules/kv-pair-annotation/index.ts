/**
 * Folds `BPF_ANNOTATE_KV_PAIR(map, K, V);` into the map as `__type(key, K)` / `__type(value, V)`
 * and removes the annotation. The declared sizes must agree with the types (docs/semantics.md §3.2).
 */
import { blocked, defineRule, type MapDecision, type MapFix, type MapPlan, type RuleContext } from '../../src/core/rule.js';
import { evaluate, knownTypeSize, normaliseType } from '../../src/core/cexpr.js';
import { resolveMapTypes, SIZED_ONLY } from '../../src/core/members.js';
import { deletion } from '../../src/core/render.js';
import type { Annotation, FileModel } from '../../src/core/file.js';
import type { Edit } from '../../src/core/types.js';
import type { MapField } from '../../src/core/legacy-map.js';

type SizeCheck = 'same' | 'different' | 'unknown';

/** Whether `sizeof(type)` equals the declared size expression, as far as we can tell without a compiler. */
function compareSize(field: MapField, type: string, file: FileModel): SizeCheck {
  if (field.sizeofType && normaliseType(field.sizeofType) === normaliseType(type)) return 'same';
  const declared = evaluate(field.value, file.macros);
  const actual = knownTypeSize(file.scalarTypedefs.get(type.trim()) ?? type);
  if (declared === undefined || actual === undefined) return 'unknown';
  return declared === BigInt(actual) ? 'same' : 'different';
}

/** Deletes the annotation's line, and one of two blank lines it would leave side by side. */
function annotationRemoval(text: string, ann: Annotation): Edit {
  const d = deletion(text, ann.start, ann.end);
  const wholeLine = d.end > ann.end && text[d.end - 1] === '\n';
  if (!wholeLine || d.start === 0) return d;
  const prevStart = text.lastIndexOf('\n', d.start - 2) + 1;
  const nextEnd = text.indexOf('\n', d.end);
  const prevBlank = text.slice(prevStart, d.start).trim() === '';
  const nextBlank = text.slice(d.end, nextEnd < 0 ? text.length : nextEnd).trim() === '';
  return prevBlank && nextBlank ? { start: prevStart, end: d.end, text: '' } : d;
}

export default defineRule({
  meta: {
    id: 'kv-pair-annotation',
    description: 'Fold BPF_ANNOTATE_KV_PAIR into the map as __type(key, K) and __type(value, V).',
    fixable: true,
    messages: {
      annotation: "BPF_ANNOTATE_KV_PAIR for '{{name}}' becomes __type(key, {{key}}) and __type(value, {{value}}) in the map.",
      noMap: "BPF_ANNOTATE_KV_PAIR names '{{name}}', but no legacy map of that name is declared in this file.",
      sizeMismatch: "Map '{{name}}' is not migrated: .{{field}} = {{declared}} but the annotation's {{which}} type {{type}} has a different size.",
      sizeUnproven: "Map '{{name}}': cannot tell whether sizeof({{type}}) equals {{declared}}; both __type and __uint({{which}}_size, {{declared}}) are written, and libbpf refuses to load the map if they disagree.",
      sizedOnlyType: "Map '{{name}}' is a {{type}} map: the kernel takes no BTF key/value types for it, so the annotation is removed and the sizes stay.",
      sharedLine: "Map '{{name}}' is not migrated: its BPF_ANNOTATE_KV_PAIR is followed on its line by '#', which removing the annotation would turn into a preprocessor directive.",
    },
    hints: {
      noMap: 'Remove the annotation, or declare the map in this file.',
      sizeMismatch: 'Decide which is right, the declared size or the annotated type, and make them agree.',
      sizeUnproven: 'Check the sizes; once they agree you may delete the __uint line.',
    },
  },
  requires: ['legacy-elf-map'],
  run(ctx: RuleContext) {
    for (const ann of ctx.file.annotations) {
      const plan = ctx.planFor(ann.name);
      if (!plan) {
        ctx.report({ messageId: 'noMap', severity: 'warning', category: 'problem', start: ann.start, end: ann.end, subject: ann.name, data: { name: ann.name } });
        continue;
      }
      ctx.report({ messageId: 'annotation', severity: 'warning', category: 'legacy', start: ann.start, end: ann.end, plan, data: { name: ann.name, key: ann.keyType, value: ann.valueType } });
      if (plan.blocked) continue;
      ctx.decide(plan, annotationFix(plan, ann, ctx.file));
    }
  },
});

/**
 * An annotation's translation (docs/semantics.md §3):
 *   .size_key = sizeof(struct flow_key), ... BPF_ANNOTATE_KV_PAIR(flows, struct flow_key, __u64);
 * becomes `__type(key, struct flow_key);` and `__type(value, __u64);`, the annotation removed; a size
 * that cannot be proven equal to its type's stays beside it, and one that differs keeps the map.
 */
export function annotationFix(plan: MapPlan, ann: Annotation, file: FileModel): MapDecision {
  const lineEnd = file.text.indexOf('\n', ann.end);
  if (file.text.slice(ann.end, lineEnd < 0 ? file.text.length : lineEnd).trimStart().startsWith('#')) {
    return blocked('sharedLine', ann, { name: plan.map.name });
  }
  const types = resolveMapTypes(plan.map, file);
  const sizedOnly = types.find((t) => t !== undefined && SIZED_ONLY.has(t));
  if (sizedOnly) {
    return {
      edits: [annotationRemoval(file.text, ann)],
      reports: [{ messageId: 'sizedOnlyType', severity: 'info', category: 'note', start: ann.start, end: ann.end, data: { name: plan.map.name, type: sizedOnly } }],
    };
  }
  const fix: Required<Pick<MapFix, 'members' | 'memberExtras' | 'reports'>> & MapFix = { members: [], memberExtras: [], reports: [] };
  for (const [which, type] of [['key', ann.keyType], ['value', ann.valueType]] as const) {
    const fields = plan.map.fields.filter((f) => f.name === (which === 'key' ? 'keySize' : 'valueSize'));
    if (fields.length === 0) {
      // An absent size is 0 to the legacy loader, and no C type has size 0.
      return blocked('sizeMismatch', ann, { name: plan.map.name, field: which === 'key' ? 'size_key' : 'size_value', declared: '0 (not set)', which, type });
    }
    for (const field of fields) {
      const check = compareSize(field, type, file);
      const data = { name: plan.map.name, field: field.spelling, declared: field.value, which, type };
      if (check === 'different') return blocked('sizeMismatch', field, data);
      if (check === 'unknown') {
        fix.memberExtras.push([field, [`__uint(${which}_size, ${field.value});`]]);
        fix.reports.push({ messageId: 'sizeUnproven', severity: 'warning', category: 'note', start: field.start, end: field.end, data });
      }
      fix.members.push([field, `__type(${which}, ${type});`]);
    }
  }
  return { ...fix, needs: ['__type'], edits: [annotationRemoval(file.text, ann)] };
}
