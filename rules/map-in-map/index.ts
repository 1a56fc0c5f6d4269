/**
 * Rebuilds iproute2 map-in-map wiring (docs/semantics.md §2.2): an outer ARRAY_OF_MAPS/HASH_OF_MAPS
 * uses the map whose .id == .inner_id as its inner template, and every map with an id,
 * no inner_id and inner_idx != -1 goes into slot inner_idx of each outer with that inner_id.
 * In BTF form the template becomes a named struct type for `__array(values, struct T)` and
 * the slots a `.values` initializer. Also drops ids that wire nothing.
 */
import { blocked, defineRule, type RuleContext, type MapPlan } from '../../src/core/rule.js';
import { evaluate, knownTypeSize } from '../../src/core/cexpr.js';
import { resolveMapTypes } from '../../src/core/members.js';
import type { LegacyMap, MapField } from '../../src/core/legacy-map.js';
import type { FileModel } from '../../src/core/file.js';
import { sectionText } from '../../src/core/render.js';
import { builtWith, enclosingConditionals, neverBuilt } from '../../src/core/scan.js';

const OUTER = new Set(['ARRAY_OF_MAPS', 'HASH_OF_MAPS']);
const NONE = 0xffffffffn;

function field(map: LegacyMap, name: MapField['name']): MapField | undefined {
  return map.fields.find((f) => f.name === name);
}

function value(map: LegacyMap, name: MapField['name'], file: FileModel, fallback: bigint): bigint | undefined {
  const f = field(map, name);
  return f ? evaluate(f.value, file.macros) : fallback;
}

/** inner_idx as the loader compares it: a __u32, so -1 is 0xffffffff. */
function innerIdx(map: LegacyMap, file: FileModel): bigint | undefined {
  const v = value(map, 'innerIdx', file, 0n);
  return v === undefined ? undefined : BigInt.asUintN(32, v);
}

/** The kernel-visible shape two maps must share to be interchangeable as inner maps. */
function shape(map: LegacyMap, file: FileModel): string {
  const parts: string[] = [];
  for (const n of ['type', 'keySize', 'valueSize', 'maxEntries', 'flags'] as const) {
    const f = field(map, n);
    if (!f) { parts.push('0'); continue; }
    const v = evaluate(f.value, file.macros);
    // What cannot be evaluated still compares by its spelling: the same text means the same value.
    parts.push(v !== undefined ? String(v) : `(${f.value.replace(/\s+/g, ' ').trim()})`);
  }
  return parts.join('/');
}

/** `NAME (4)` when the spelling is not the number itself. */
function withValue(spelling: string, v: bigint): string {
  return spelling.trim() === String(v) ? spelling : `${spelling} (${v})`;
}

/** A struct tag the file does not use and this run has not handed out yet. */
function freeTypeName(file: FileModel, base: string, taken: Set<string>): string {
  const clean = base.replace(/^[^A-Za-z_]+/, '');
  let name = `${clean}_def`;
  for (let i = 2; taken.has(name) || new RegExp(`\\bstruct\\s+${name}\\b`).test(file.text); i++) name = `${clean}_def${i}`;
  taken.add(name);
  return name;
}

export default defineRule({
  meta: {
    id: 'map-in-map',
    description: 'Turn .id/.inner_id/.inner_idx map-in-map wiring into __array(values, struct T) and a .values initializer.',
    fixable: true,
    messages: {
      outerMap: "Map '{{name}}' is a legacy map-in-map: its inner template and slots are wired through .id/.inner_id/.inner_idx.",
      noTemplate: "Map '{{name}}' is not migrated: no map in this file has .id = {{innerId}} to serve as its inner template.",
      hashKeySize: "Map '{{name}}' is not migrated: a HASH_OF_MAPS needs a 4-byte key for static slots, and .{{field}} = {{value}}.",
      shapeMismatch: "Map '{{name}}' is not migrated: inner map '{{inner}}' does not have the shape (type, key, value, max entries, flags) of the template '{{template}}'.",
      slotCollision: "Map '{{name}}' is not migrated: inner maps {{maps}} all claim slot {{slot}}.",
      slotOutOfRange: "Map '{{name}}' is not migrated: inner map '{{inner}}' claims slot {{slot}}, but max_entries is {{max}}.",
      unknownValue: "Map '{{name}}' is not migrated: .{{field}} = {{value}} cannot be evaluated, so its map-in-map wiring is unknown.",
      nested: "Map '{{name}}' is not migrated: it is both an outer map and an inner map; nested map-in-map is not supported.",
      pinnedOuter: "Map '{{name}}' is pinned: as with iproute2, its slots are filled only when the map is created, not when a pinned map is reused.",
      unusedId: "Map '{{name}}' has .id = {{value}}, which nothing in this file refers to; the id is dropped (it has no other meaning).",
      outerBlocked: "Map '{{name}}' is not migrated: it is an inner map of '{{outer}}', which stays in the legacy format.",
      conditionalWiring: "Map '{{name}}' is not migrated: its inner map '{{inner}}' is declared under a preprocessor conditional that the outer map is not, so its template and slots depend on the build.",
      mapDefInner: "Map '{{name}}' is not migrated: its inner template is map #{{index}} of the object's \"maps\" section (samples/bpf's loader), and {{reason}}.",
      mapDefTemplate: "Map '{{name}}': .inner_map_idx = {{value}} names map #{{index}} of the object's \"maps\" section, '{{template}}', as the inner template (samples/bpf's bpf_load.c): it becomes __array(values, struct {{type}}).",
      innerFromUserSpace: "Map '{{name}}' is a map-in-map with no inner template in the file: its loader chose the inner map (bpf_map__set_inner_map_fd, or samples/bpf's fixup). Migrated without one, it still needs that call before the object is loaded{{valueSize}}.",
    },
    hints: {
      noTemplate: 'Declare the inner template map in this file, or migrate this map by hand.',
      hashKeySize: 'Use a 4-byte key, or migrate this map by hand.',
      shapeMismatch: 'Make the inner maps match the template (the kernel rejects mismatching inner maps too).',
      slotCollision: 'Give each inner map its own .inner_idx.',
      slotOutOfRange: 'Raise max_elem or lower .inner_idx.',
      unknownValue: 'Use integer literals or #defines visible in the file or its headers (pass -I).',
      nested: 'Migrate this map by hand.',
      outerBlocked: "Resolve the problem reported for the outer map first.",
      conditionalWiring: 'Put the outer map under the same #if as its inner maps (one outer per branch), or migrate these maps by hand.',
      mapDefInner: 'Migrate this map by hand: declare the inner map type with __array(values, struct T).',
      innerFromUserSpace: 'Keep calling bpf_map__set_inner_map_fd() before loading, or declare the inner map type with __array(values, struct T) so that libbpf creates it.',
    },
  },
  requires: ['legacy-elf-map', 'legacy-map-def'],
  run(ctx: RuleContext) {
    const { file } = ctx;
    const elfPlans = ctx.plans.filter((p) => p.map.kind === 'elf');
    const outers = elfPlans.filter((p) => resolveMapTypes(p.map, file).some((t) => t && OUTER.has(t)) && (value(p.map, 'innerId', file, 0n) ?? 1n) !== 0n);
    const claimed = new Set<MapPlan>();
    const tags = new Set<string>();
    const mapDefs = ctx.plans.filter((q) => q.map.kind === 'mapdef');
    for (const p of mapDefs) if (resolveMapTypes(p.map, file).some((t) => t && OUTER.has(t))) wireMapDefOuter(ctx, p, tags);
    // .inner_map_idx indexes the object's legacy map list: while one bpf_map_def outer map
    // stays legacy, every bpf_map_def map must stay where it is in that list.
    if (mapDefs.some((p) => p.blocked && p.map.fields.some((f) => f.name === 'innerMapIdx' && !p.members.has(f)))) {
      for (const p of mapDefs) ctx.decide(p, { group: 'bpf_map_def list' });
    }

    for (const outer of outers) {
      const o = outer.map;
      const name = o.name;
      ctx.report({ messageId: 'outerMap', severity: 'warning', category: 'legacy', start: o.start, end: o.headEnd, plan: outer, data: { name } });
      if (outer.blocked) continue;
      const innerIdField = field(o, 'innerId')!;
      const innerId = evaluate(innerIdField.value, file.macros);
      if (innerId === undefined) { ctx.decide(outer, blocked('unknownValue', { start: innerIdField.start, end: innerIdField.end }, { name, field: innerIdField.spelling, value: innerIdField.value })); continue; }
      // An outer map's own id matters only if another outer takes it as its template: that is
      // map-in-map nesting. It is never an inner map itself (its inner_id is not 0).
      const outerId = value(o, 'id', file, 0n);
      if (outerId === undefined || (outerId !== 0n && outers.some((p) => p !== outer && value(p.map, 'innerId', file, 0n) === outerId))) {
        ctx.decide(outer, blocked('nested', { start: o.start, end: o.headEnd }, { name }));
        continue;
      }
      // Maps in `#if 0` are never built: they are no template and fill no slot.
      const built = elfPlans.filter((p) => !neverBuilt(file.text, file.scan, p.map.start));
      const template = built.find((p) => p !== outer && value(p.map, 'id', file, 0n) === innerId);
      if (!template) { ctx.decide(outer, blocked('noTemplate', { start: innerIdField.start, end: innerIdField.end }, { name, innerId: innerIdField.value })); continue; }
      if (outers.includes(template)) { ctx.decide(outer, blocked('nested', { start: o.start, end: o.headEnd }, { name })); continue; }
      // Inner maps: id == inner_id, inner_id == 0, inner_idx != -1 (the template included).
      const inners = built.filter((p) => p !== outer && value(p.map, 'id', file, 0n) === innerId && (value(p.map, 'innerId', file, 0n) ?? 1n) === 0n && innerIdx(p.map, file) !== NONE);
      // The wiring holds in every build only if the template and each inner map are built whenever the outer is.
      const partial = [template, ...inners].find((p) => !builtWith(file.scan, p.map.start, o.start));
      if (partial) {
        ctx.decide(outer, blocked('conditionalWiring', { start: partial.map.start, end: partial.map.headEnd }, { name, inner: partial.map.name }));
        continue;
      }
      // Static slots of a HASH_OF_MAPS need a 4-byte key (libbpf writes them as __u32 keys); with no slot to fill, any key size is exact.
      const keyField = field(o, 'keySize');
      if (inners.length > 0 && resolveMapTypes(o, file).includes('HASH_OF_MAPS') && (!keyField || evaluate(keyField.value, file.macros) !== 4n)) {
        ctx.decide(outer, blocked('hashKeySize', { start: keyField?.start ?? o.start, end: keyField?.end ?? o.headEnd }, { name, field: keyField?.spelling ?? 'size_key', value: keyField?.value ?? '0' }));
        continue;
      }
      const unknown = inners.find((p) => innerIdx(p.map, file) === undefined);
      if (unknown) {
        const f = field(unknown.map, 'innerIdx')!;
        ctx.decide(outer, blocked('unknownValue', { start: f.start, end: f.end }, { name, field: f.spelling, value: f.value }));
        continue;
      }
      const templateShape = shape(template.map, file);
      const odd = inners.find((p) => p !== template && shape(p.map, file) !== templateShape);
      if (odd) { ctx.decide(outer, blocked('shapeMismatch', { start: odd.map.start, end: odd.map.headEnd }, { name, inner: odd.map.name, template: template.map.name })); continue; }
      const bySlot = new Map<bigint, MapPlan[]>();
      for (const p of inners) bySlot.set(innerIdx(p.map, file)!, [...(bySlot.get(innerIdx(p.map, file)!) ?? []), p]);
      const clash = [...bySlot].find(([, ps]) => ps.length > 1);
      if (clash) { ctx.decide(outer, blocked('slotCollision', { start: o.start, end: o.headEnd }, { name, slot: String(clash[0]), maps: clash[1].map((p) => `'${p.map.name}'`).join(', ') })); continue; }
      const maxField = field(o, 'maxEntries');
      const max = maxField ? evaluate(maxField.value, file.macros) : undefined;
      const far = resolveMapTypes(o, file).includes('ARRAY_OF_MAPS') && max !== undefined ? inners.find((p) => innerIdx(p.map, file)! >= max) : undefined;
      if (far) { ctx.decide(outer, blocked('slotOutOfRange', { start: far.map.start, end: far.map.headEnd }, { name, inner: far.map.name, slot: withValue(field(far.map, 'innerIdx')?.value ?? '0', innerIdx(far.map, file)!), max: withValue(maxField!.value, max!) })); continue; }

      // The outer map: no inner_id, no value size (fixed at 4), __array(values, struct T), slots.
      ctx.decide(outer, { members: [innerIdField, ...o.fields.filter((x) => x.name === 'valueSize')].map((f) => [f, null]) });
      const pinned = template.map.fields.some((f) => f.name === 'pinning' && (evaluate(f.value, file.macros) ?? 1n) !== 0n);
      // The template's own struct serves as __array's type unless it is pinned (libbpf refuses that
      // in an inner definition) or types its key or value with a struct: with no slot naming the
      // template, clang 14 then emits that struct as a forward declaration, which libbpf cannot size.
      const typed = typesKeyOrValueWithStruct(template);
      const separate = pinned || typed;
      const typeName = (!separate && template.tag) || freeTypeName(file, template.map.name, tags);
      if (!separate) ctx.decide(template, { tag: typeName });
      else if (!outer.before.some((b) => b.startsWith(`struct ${typeName} {`))) ctx.decide(outer, { before: [templateType(typeName, template, file, typed)] });
      // C needs every map named in .values declared before the outer map: one declared after it
      // gets a named struct and a tentative definition above the outer (its type completes later).
      for (const p of inners) {
        if (p.map.start < o.start) continue;
        if (p.tag === undefined) ctx.decide(p, { tag: freeTypeName(file, p.map.name, tags) });
        ctx.decide(outer, { before: [`struct ${p.tag} ${p.map.name} ${sectionText(p.map)};`] });
      }
      const ordered = [...inners].sort((a, b) => Number(innerIdx(a.map, file)! - innerIdx(b.map, file)!));
      ctx.decide(outer, {
        appended: [`__array(values, struct ${typeName});`],
        needs: ['__array'],
        values: ordered.map((p) => ({ key: field(p.map, 'innerIdx')?.value ?? '0', target: p === template && template.tag === typeName ? `&${p.map.name}` : `(void *)&${p.map.name}` })),
      });
      if (o.fields.some((f) => f.name === 'pinning' && (evaluate(f.value, file.macros) ?? 1n) !== 0n)) {
        ctx.report({ messageId: 'pinnedOuter', severity: 'info', category: 'note', start: o.start, end: o.headEnd, plan: outer, data: { name } });
      }
      // Template and inner maps change with the outer map: one fix.
      for (const p of [template, ...inners]) {
        ctx.decide(p, { group: outer.group });
        claimed.add(p);
      }
      claimed.add(outer);
    }

    // Inner maps of an outer map that stays legacy must stay too: the outer finds them by id.
    for (const outer of outers.filter((p) => p.blocked)) {
      const innerId = value(outer.map, 'innerId', file, 0n);
      for (const p of elfPlans) {
        if (p === outer || p.blocked || claimed.has(p) || value(p.map, 'id', file, 0n) !== innerId) continue;
        ctx.decide(p, blocked('outerBlocked', { start: p.map.start, end: p.map.headEnd }, { name: p.map.name, outer: outer.map.name }));
      }
    }

    // What is left: ids and inner_idx that wire nothing, for maps that are not prog arrays.
    for (const plan of elfPlans) {
      if (plan.blocked) continue;
      const isProgArray = resolveMapTypes(plan.map, file).includes('PROG_ARRAY');
      for (const f of plan.map.fields) {
        if (plan.members.has(f)) continue;
        if (f.name === 'id' && !isProgArray) {
          const note = { messageId: 'unusedId', severity: 'info' as const, category: 'note' as const, start: f.start, end: f.end, data: { name: plan.map.name, value: f.value } };
          ctx.decide(plan, { members: [[f, null]], reports: claimed.has(plan) ? [] : [note] });
        }
        if (f.name === 'innerIdx') ctx.decide(plan, { members: [[f, null]] });
      }
    }
  },
});

/**
 * A bpf_map_def map-in-map. samples/bpf's bpf_load.c created it with value size 4 and, as its
 * inner template, the map at index .inner_map_idx of the object's "maps" section (symbols in
 * section order, which is declaration order). That is exact only when every map of the
 * section is one this file declares plainly: none from headers or macros, none under #if.
 * Without .inner_map_idx the loader chose the inner map itself.
 */
function wireMapDefOuter(ctx: RuleContext, outer: MapPlan, tags: Set<string>): void {
  const { file } = ctx;
  const o = outer.map;
  const name = o.name;
  if (outer.blocked) return;
  const idxField = field(o, 'innerMapIdx');
  const valueFields = o.fields.filter((f) => f.name === 'valueSize');
  if (!idxField) {
    // The kernel takes 4 as a map-in-map's value size only; bpf_load.c always passed 4.
    const sized = valueFields.some((f) => !isZeroValue(f.value, file));
    // Inserted text may use only names the file has: a file spelling its types uint32_t may not see __u32.
    if (!sized) ctx.decide(outer, { appended: [/\b__u32\b/.test(file.text) ? '__uint(value_size, sizeof(__u32));' : '__uint(value_size, 4); /* bytes: an inner map fd */'] });
    ctx.report({ messageId: 'innerFromUserSpace', severity: 'warning', category: 'note', start: o.start, end: o.headEnd, plan: outer, data: { name, valueSize: sized ? '' : ' (its value size, absent here, becomes 4, as the kernel requires and samples/bpf\'s loader passed)' } });
    return;
  }
  const index = evaluate(idxField.value, file.macros);
  if (index === undefined) { ctx.decide(outer, blocked('unknownValue', { start: idxField.start, end: idxField.end }, { name, field: idxField.spelling, value: idxField.value })); return; }
  const blockWith = (reason: string) => ctx.decide(outer, blocked('mapDefInner', { start: idxField.start, end: idxField.end }, { name, index: String(index), reason }));
  if (file.headerModels().some((m) => m.maps.length > 0 || m.macroMaps.length > 0 || m.unreadable.length > 0)) return blockWith('included headers declare legacy maps too, so the index cannot be counted from this file');
  if (file.macroMaps.length > 0 || file.unreadable.length > 0) return blockWith('some map of this file cannot be read or is declared through a macro, so the index cannot be counted');
  const ordered = [...file.maps].sort((a, b) => a.start - b.start);
  if (index < 0n || index >= BigInt(ordered.length)) return blockWith(`the file declares ${ordered.length} legacy maps`);
  const target = ordered[Number(index)];
  if (ordered.slice(0, Number(index) + 1).some((m) => enclosingConditionals(file.scan, m.start).length > 0)) {
    return blockWith('a map up to it is declared under #if, so the index depends on the build');
  }
  const template = ctx.plans.find((p) => p.map === target);
  if (!template || template === outer || template.blocked || resolveMapTypes(target, file).some((t) => t && OUTER.has(t))) {
    return blockWith(`map #${index}, '${target.name}', cannot serve as the template`);
  }
  ctx.decide(outer, { members: [idxField, ...valueFields].map((f) => [f, null]) });
  let typeName: string;
  if (typesKeyOrValueWithStruct(template)) {
    // As for iproute2 templates: a separate type with sizes, so that clang emits no forward declaration for libbpf to size.
    typeName = freeTypeName(file, template.map.name, tags);
    ctx.decide(outer, { before: [templateType(typeName, template, file, true)] });
  } else {
    if (template.tag === undefined) ctx.decide(template, { tag: freeTypeName(file, template.map.name, tags) });
    typeName = template.tag!;
  }
  ctx.decide(outer, { appended: [`__array(values, struct ${typeName});`], needs: ['__array'] });
  // One fix for the outer and its template (and for every outer that shares that template).
  if (template.group !== template.map.name) ctx.decide(outer, { group: template.group });
  else ctx.decide(template, { group: outer.group });
  ctx.report({ messageId: 'mapDefTemplate', severity: 'info', category: 'note', start: idxField.start, end: idxField.end, plan: outer, data: { name, value: idxField.value, index: String(index), template: target.name, type: typeName } });
}

function isZeroValue(text: string, file: FileModel): boolean {
  return evaluate(text, file.macros) === 0n;
}

const TYPED_MEMBER = /^__type\((key|value), (.+)\);/;

/** Whether the template's key or value is a BTF type the compiler may emit only as a forward declaration (a struct, a typedef). */
function typesKeyOrValueWithStruct(template: MapPlan): boolean {
  return [...template.members.values()].some((m) => {
    const t = m === null ? undefined : TYPED_MEMBER.exec(m);
    return t !== null && t !== undefined && knownTypeSize(t[2]) === undefined;
  });
}

/**
 * A separate, unpinned struct type for the template (libbpf refuses pinning in an inner map
 * definition); `sized` writes typed keys and values as sizes (`__uint(key_size, sizeof(T))`).
 */
function templateType(typeName: string, template: MapPlan, file: FileModel, sized = false): string {
  const unit = file.indentUnit;
  const lines: string[] = [];
  for (const f of template.map.fields) {
    if (f.name === 'pinning' || f.name === 'id' || f.name === 'innerIdx' || f.name === 'innerId' || f.name === 'innerMapIdx') continue;
    const m = template.members.get(f);
    if (!m) continue;
    const t = sized ? TYPED_MEMBER.exec(m) : null;
    // A kept size beside a __type (`__uint(key_size, 8)`) says the same as the size written for it.
    const extras = (template.memberExtras.get(f) ?? []).filter((x) => !(t && x.startsWith(`__uint(${t[1]}_size,`)));
    lines.push(unit + (t ? `__uint(${t[1]}_size, sizeof(${t[2]}));` : m), ...extras.map((x) => unit + x));
  }
  return `struct ${typeName} {\n${lines.join('\n')}\n};`;
}
