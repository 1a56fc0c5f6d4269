/**
 * Wires tail calls the way libbpf does: each prog array gets a `.values` initializer with
 * the programs the legacy loader would have put in it (`__section_tail(ID, KEY)` → slot KEY
 * of the first PROG_ARRAY whose .id == ID, semantics §2), forward declarations of those
 * programs above the map, and the programs move to the section of the file's entry programs.
 */
import { defineRule, type RuleContext, type MapPlan } from '../src/core/rule.js';
import { evaluate } from '../src/core/cexpr.js';
import { resolveMapTypes } from '../src/core/members.js';
import { libbpfProgramType, type Program } from '../src/core/programs.js';
import type { LegacyMap } from '../src/core/legacy-map.js';
import { Trigger } from '../src/core/scan.js';
import type { FileModel } from '../src/core/file.js';

const NON_PROGRAM_SECTIONS = /^(maps|license|version|\.maps.*|\.data.*|\.rodata.*|\.bss.*)$/;

type EntrySection = { text: string } | { problem: 'noEntryProgram' | 'unknownEntrySection' | 'mixedEntryTypes'; detail: string };

/** The section spelling tail-call programs take: the entry programs', or --tail-call-section. */
function entrySection(file: FileModel, tails: Program[], override: string | undefined): EntrySection {
  const programs = file.programs();
  if (override) {
    const usesSec = programs.some((p) => p.section?.spelling.kind === 'call' && p.section.spelling.macro === 'SEC');
    const macro = file.macros.has('__section') && !usesSec ? '__section' : 'SEC';
    return { text: `${macro}("${override}")` };
  }
  const entries = programs.filter((p) => !p.tail && p.section && !NON_PROGRAM_SECTIONS.test(p.section.name));
  if (entries.length === 0) return { problem: 'noEntryProgram', detail: tails.map((t) => t.name).join(', ') };
  const unknown = entries.filter((e) => libbpfProgramType(e.section!.name) === undefined);
  if (unknown.length > 0) return { problem: 'unknownEntrySection', detail: [...new Set(unknown.map((e) => `"${e.section!.name}"`))].join(', ') };
  const types = new Set(entries.map((e) => libbpfProgramType(e.section!.name)));
  if (types.size > 1) return { problem: 'mixedEntryTypes', detail: [...new Set(entries.map((e) => `"${e.section!.name}"`))].join(', ') };
  return { text: entries[0].section!.text };
}

const progArrayCache = new WeakMap<LegacyMap, boolean>();

function isProgArray(map: LegacyMap, file: FileModel): boolean {
  let v = progArrayCache.get(map);
  if (v === undefined) {
    v = resolveMapTypes(map, file).includes('PROG_ARRAY');
    progArrayCache.set(map, v);
  }
  return v;
}

function idOf(map: LegacyMap, file: FileModel): bigint | undefined {
  const f = map.fields.find((x) => x.name === 'id');
  return f ? evaluate(f.value, file.macros) : 0n;
}

export default defineRule({
  meta: {
    id: 'tail-call-prog-array',
    description: 'Turn __section_tail(ID, KEY) programs into a static .values initializer of their prog array.',
    fixable: true,
    messages: {
      tailProgram: "Program '{{name}}' is a legacy tail call (section \"{{id}}/{{key}}\"): it goes into slot {{key}} of prog array '{{map}}'.",
      noProgArray: "Program '{{name}}' (section \"{{id}}/{{key}}\") has no prog array with .id = {{id}} in this file; the legacy loader skips it here (the prog array lives in another object).",
      tailArgUnknown: "Program '{{name}}': __section_tail({{idText}}, {{keyText}}) cannot be evaluated to the numbers the legacy loader reads.",
      uncertainSlots: "Prog array '{{name}}' is not migrated: which programs it holds cannot be told ({{reason}}).",
      idUnknown: "Prog array '{{name}}' is not migrated: its .id = {{value}} cannot be evaluated, so which programs it holds is unknown.",
      keyCollision: "Prog array '{{name}}' is not migrated: programs {{programs}} all claim slot {{key}}.",
      keyOutOfRange: "Prog array '{{name}}' is not migrated: program '{{program}}' claims slot {{key}}, but max_entries is {{max}}.",
      valueSize: "Prog array '{{name}}' is not migrated: its value size {{value}} is not 4, which the kernel requires.",
      noEntryProgram: "Prog array '{{name}}' is not migrated: tail-call programs {{detail}} need a section libbpf knows, and the file has no entry program to take it from.",
      unknownEntrySection: "Prog array '{{name}}' is not migrated: the file's entry programs use section {{detail}}, which libbpf does not know, so the tail-call programs have no section to move to.",
      mixedEntryTypes: "Prog array '{{name}}' is not migrated: the file's entry programs have different program types ({{detail}}), so the tail-call programs' type is ambiguous.",
      loaderNote: "Prog array '{{name}}' is filled by a static initializer: tc built with libbpf does not load every program, so load this object with a loader that does (bpftool prog loadall, a skeleton, or bpf-migrate verify).",
    },
    hints: {
      noProgArray: 'Keep this program on the legacy loader, or declare the shared prog array in this file (with pinning) and run bpf-migrate again.',
      tailArgUnknown: 'Use integer literals or #defines visible in the file or its headers (pass -I).',
      uncertainSlots: 'Resolve the problem named in the message (use numbers or #defines the file or its headers give), then run bpf-migrate again.',
      idUnknown: 'Use an integer literal or a #define visible in the file or its headers (pass -I).',
      keyCollision: 'Give each program its own key.',
      keyOutOfRange: 'Raise max_elem or lower the key.',
      valueSize: 'Set .size_value = sizeof(uint32_t).',
      noEntryProgram: 'Pass --tail-call-section NAME (for example classifier, tc or xdp).',
      unknownEntrySection: 'Pass --tail-call-section NAME with the libbpf section for these programs (for example tc or classifier).',
      mixedEntryTypes: 'Pass --tail-call-section NAME with the section of the programs that tail-call through this map.',
    },
  },
  requires: ['legacy-elf-map'],
  run(ctx: RuleContext) {
    const { file } = ctx;
    const hasProgArray = file.maps.some((m) => isProgArray(m, file));
    const tails = hasProgArray || file.statements.some((s) => s.triggers & Trigger.sectionTail) ? file.programs().filter((p) => p.tail) : [];
    if (!hasProgArray && tails.length === 0) return;

    const slotsByMap = new Map<LegacyMap, Program[]>();
    /** Prog arrays whose contents are uncertain because some program's ID or KEY cannot be read. */
    const uncertain = new Map<LegacyMap, string>();
    for (const prog of tails) {
      const t = prog.tail!;
      const data = { name: prog.name, id: t.idText, key: t.keyText, idText: t.idText, keyText: t.keyText };
      if (t.id === undefined || t.key === undefined) {
        ctx.report({ messageId: 'tailArgUnknown', severity: 'error', category: 'problem', start: t.start, end: t.end, subject: prog.name, data });
        for (const m of file.maps) if (isProgArray(m, file) && (t.id === undefined || idOf(m, file) === BigInt(t.id))) uncertain.set(m, `__section_tail(${t.idText}, ${t.keyText}) of '${prog.name}' cannot be evaluated`);
        continue;
      }
      // The legacy loader takes the first PROG_ARRAY in the object with that id. A prog array
      // before it whose id cannot be evaluated might be that first one: then both are uncertain.
      const arrays = file.maps.filter((m) => isProgArray(m, file));
      const at = arrays.findIndex((m) => idOf(m, file) === BigInt(t.id!));
      const unknownBefore = arrays.slice(0, at < 0 ? arrays.length : at).filter((m) => idOf(m, file) === undefined);
      if (unknownBefore.length > 0) {
        // Those get idUnknown below; the one that matched cannot be told from them.
        if (at >= 0) uncertain.set(arrays[at], `prog array '${unknownBefore[0].name}' comes before it and its .id cannot be evaluated`);
        continue;
      }
      const map = at >= 0 ? arrays[at] : undefined;
      // A prog array declared through a macro that could not be written out may be the one:
      // its own error says so, and "no prog array in this file" would be wrong.
      if (!map && file.macroMaps.some((u) => u.problem !== undefined && /PROG_ARRAY/.test(u.macro))) continue;
      if (!map) {
        ctx.report({ messageId: 'noProgArray', severity: 'warning', category: 'problem', start: t.start, end: t.end, subject: prog.name, data: { ...data, id: String(t.id), key: String(t.key) } });
        continue;
      }
      slotsByMap.set(map, [...(slotsByMap.get(map) ?? []), prog]);
    }

    for (const plan of ctx.plans) {
      if (!isProgArray(plan.map, file)) continue;
      const programs = slotsByMap.get(plan.map) ?? [];
      for (const prog of programs) {
        ctx.report({ messageId: 'tailProgram', severity: 'warning', category: 'legacy', start: prog.tail!.start, end: prog.tail!.end, plan, subject: prog.name, data: { name: prog.name, id: prog.tail!.idText, key: prog.tail!.keyText, map: plan.map.name } });
      }
      if (plan.blocked) continue;
      if (uncertain.has(plan.map)) {
        ctx.block(plan, { messageId: 'uncertainSlots', severity: 'error', start: plan.map.start, end: plan.map.headEnd, data: { name: plan.map.name, reason: uncertain.get(plan.map)! } });
        continue;
      }
      wire(ctx, plan, programs, tails);
    }
  },
});

function wire(ctx: RuleContext, plan: MapPlan, programs: Program[], tails: Program[]): void {
  const { file } = ctx;
  const { map } = plan;
  const name = map.name;
  const idField = map.fields.find((f) => f.name === 'id');
  if (idField) {
    if (evaluate(idField.value, file.macros) === undefined) {
      ctx.block(plan, { messageId: 'idUnknown', severity: 'error', start: idField.start, end: idField.end, data: { name, value: idField.value } });
      return;
    }
    plan.members.set(idField, null);
  }
  for (const f of map.fields.filter((x) => x.name === 'valueSize')) {
    const v = evaluate(f.value, file.macros);
    if (v !== undefined && v !== 4n) {
      ctx.block(plan, { messageId: 'valueSize', severity: 'error', start: f.start, end: f.end, data: { name, value: f.value } });
      return;
    }
    plan.members.set(f, null);
  }
  const bySlot = new Map<number, Program[]>();
  for (const p of programs) bySlot.set(p.tail!.key!, [...(bySlot.get(p.tail!.key!) ?? []), p]);
  for (const [key, progs] of bySlot) {
    if (progs.length > 1) {
      ctx.block(plan, { messageId: 'keyCollision', severity: 'error', start: progs[1].tail!.start, end: progs[1].tail!.end, data: { name, key, programs: progs.map((p) => `'${p.name}'`).join(', ') } });
      return;
    }
  }
  const maxField = map.fields.find((f) => f.name === 'maxEntries');
  const max = maxField ? evaluate(maxField.value, file.macros) : undefined;
  for (const p of programs) {
    if (max !== undefined && (p.tail!.key! < 0 || BigInt(p.tail!.key!) >= max)) {
      ctx.block(plan, { messageId: 'keyOutOfRange', severity: 'error', start: p.tail!.start, end: p.tail!.end, data: { name, program: p.name, key: p.tail!.keyText, max: maxField!.value === String(max) ? String(max) : `${maxField!.value} (${max})` } });
      return;
    }
  }
  plan.appended.push('__array(values, int (void *));');
  plan.needs.add('__array');
  if (programs.length === 0) return;
  const section = entrySection(file, tails, ctx.options.tailCallSection);
  if ('problem' in section) {
    ctx.block(plan, { messageId: section.problem, severity: 'error', start: map.start, end: map.headEnd, data: { name, detail: section.detail } });
    return;
  }
  const ordered = [...programs].sort((a, b) => a.tail!.key! - b.tail!.key!);
  plan.values = ordered.map((p) => ({ key: p.tail!.keyText, target: `(void *)&${p.name}` }));
  plan.before.push(...new Set(ordered.map((p) => p.forwardDecl)));
  for (const p of ordered) plan.edits.push({ start: p.tail!.start, end: p.tail!.end, text: section.text });
  if (/\bSEC\(/.test(section.text)) plan.needs.add('SEC');
  ctx.report({ messageId: 'loaderNote', severity: 'info', category: 'note', start: map.start, end: map.headEnd, plan, data: { name } });
}
