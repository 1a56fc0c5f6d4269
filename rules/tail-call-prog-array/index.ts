/**
 * Wires tail calls the way libbpf does: each prog array gets a `.values` initializer with
 * the programs the legacy loader would have put in it (`__section_tail(ID, KEY)` → slot KEY
 * of the first PROG_ARRAY of the object whose .id == ID, docs/semantics.md §2), and the
 * programs move to the section of the object's entry programs. The object is the `.c` file with
 * every header it includes: a prog array declared in a shared header becomes a named type with a
 * tentative definition there, and each object defines it with its own slots.
 */
import { nameList } from '../../src/core/name-list.js';
import { blocked, defineRule, type MapDecision, type MapFix, type RuleContext, type MapPlan, type ReportInput } from '../../src/core/rule.js';
import type { Edit } from '../../src/core/types.js';
import { evaluate } from '../../src/core/cexpr.js';
import { bpfLoadSlot, libbpfProgramType, mayWireTailCalls, NON_PROGRAM_SECTIONS, type Program } from '../../src/core/programs.js';
import { BPF_LOAD_FAMILIES } from '../../src/abi/index.js';
import type { LegacyMap } from '../../src/core/legacy-map.js';
import { neverBuilt, Trigger } from '../../src/core/scan.js';
import type { FileModel } from '../../src/core/file.js';
import { sectionText } from '../../src/core/render.js';
import { fileScopeAfter, type TranslationUnit } from '../../src/core/translation-unit.js';
import { baseName, extraConditions, isProgArray, slotProblem, tailPrograms, unitSlots, type ArraySlots, type SlotProblem, type TailProgram } from './unit-slots.js';
import { programKey, treeVerdicts, type TailFacts, type TreeVerdicts } from './tree-verdicts.js';

type EntrySection = { text: string; name: string; typeFromLoader?: string } | { problem: 'noEntryProgram' | 'mixedEntryTypes'; detail: string; why?: string };

/**
 * The section spelling tail-call programs take: --tail-call-section, else the entry programs'
 * (docs/semantics.md §3.3). When no entry section is one libbpf knows ("ingress", "from-container",
 * iproute2's XDP "prog"), the loader sets the type of every program, as tc did for the whole
 * object: the tail-call programs take the entry's spelling and get the same type that way.
 */
function entrySection(file: FileModel, tails: Program[], override: string | undefined): EntrySection {
  const programs = file.programs();
  if (override) {
    const usesSec = programs.some((p) => p.section?.spelling.kind === 'call' && p.section.spelling.macro === 'SEC');
    const macro = file.macros.has('__section') && !usesSec ? '__section' : 'SEC';
    return { text: `${macro}("${override}")`, name: override };
  }
  const entries = programs.filter((p) => !p.tail && p.section && !NON_PROGRAM_SECTIONS.test(p.section.name));
  if (entries.length === 0) {
    // Entry programs whose section macro comes from a header that cannot be read are not seen as programs.
    const unread = file.headers.unresolved.filter((h) => !/^(linux|asm|bits|sys)\//.test(h));
    const why = unread.length > 0 ? ` that bpf-migrate can read (their section macros may come from ${nameList(unread)}, which it cannot: pass -I)` : '';
    return { problem: 'noEntryProgram', detail: `${tails.map((t) => t.name).join(', ')}`, why };
  }
  const known = entries.filter((e) => libbpfProgramType(e.section!.name) !== undefined);
  const types = new Set(known.map((e) => libbpfProgramType(e.section!.name)));
  if (types.size > 1) return { problem: 'mixedEntryTypes', detail: [...new Set(known.map((e) => `"${e.section!.name}"`))].join(', ') };
  if (known.length > 0) return { text: known[0].section!.text, name: known[0].section!.name };
  return { text: entries[0].section!.text, name: entries[0].section!.name, typeFromLoader: entries[0].section!.name };
}

export default defineRule({
  meta: {
    id: 'tail-call-prog-array',
    description: 'Turn __section_tail(ID, KEY) programs into a static .values initializer of their prog array.',
    fixable: true,
    messages: {
      tailProgram: "Program '{{name}}' is a legacy tail call (section \"{{id}}/{{key}}\"): it goes into slot {{key}} of prog array '{{map}}'.",
      noProgArray: "Program '{{name}}' (section \"{{id}}/{{key}}\") has no prog array with .id = {{id}} in this file; the legacy loader skips it here (the prog array lives in another object).",
      progArrayUnread: "Program '{{name}}' (section \"{{id}}/{{key}}\") has no prog array with .id = {{id}} that bpf-migrate could read; map '{{map}}' (line {{line}}) could not be read and may be it, so the program keeps its legacy section.",
      tailArgUnknown: "Program '{{name}}': __section_tail({{idText}}, {{keyText}}) cannot be evaluated to the numbers the legacy loader reads.",
      uncertainSlots: "Prog array '{{name}}' is not migrated: which programs it holds cannot be told ({{reason}}).",
      idUnknown: "Prog array '{{name}}' is not migrated: its .id = {{value}} cannot be evaluated, so which programs it holds is unknown.",
      keyCollision: "Prog array '{{name}}' is not migrated: programs {{programs}} all claim slot {{key}}.",
      keyOutOfRange: "Prog array '{{name}}' is not migrated: program '{{program}}' claims slot {{key}}, but max_entries is {{max}}.",
      valueSize: "Prog array '{{name}}' is not migrated: its value size {{value}} is not 4, which the kernel requires.",
      noEntryProgram: "Prog array '{{name}}' is not migrated: tail-call programs {{detail}} need a section libbpf knows, and the file has no entry program{{why}} to take it from.",
      typeFromLoader: "Prog array '{{name}}': its tail-call programs take the entry programs' section \"{{section}}\", which libbpf does not know: the loader must set their program type, as it must for the entry programs (tc does; bpftool prog loadall ... type classifier; bpf-migrate verify --prog-type).",
      idConditional: "Prog array '{{name}}' is not migrated: its .id is set under a preprocessor conditional, so which programs it holds depends on the build.",
      conditionChanges: "Prog array '{{name}}' is not migrated: program '{{program}}' is built under {{condition}}, and {{macro}} is defined or undefined between the two, so the slot cannot be guarded the same way.",
      headerProgram: "Prog array '{{name}}' is not migrated: program '{{program}}' of {{header}} fills it, and {{reason}}.",
      sharedArrayMigratedElsewhere: "Program '{{name}}' (section \"{{id}}/{{key}}\") has no legacy prog array with .id = {{id}} in this object, but its headers declare BTF prog arrays shared by objects ({{maps}}): a run that did not include this file migrated them, and this program's slot is in none of them.",
      progArrayInHeader: "Program '{{name}}' (section \"{{id}}/{{key}}\") goes into prog array '{{map}}', declared in {{header}}, which every object that includes it fills: bpf-migrate wires it only in a run over the objects (.c files) that include it.",
      numberedSections: "Prog array '{{name}}' is not migrated: the file has programs in numbered sections ({{sections}}), which samples/bpf's loader (bpf_load.c) put into its last prog array at those indexes, and {{why}}.",
      bpfLoadConvention: "Prog array '{{name}}' is the last PROG_ARRAY of this file's maps: samples/bpf's loader (bpf_load.c), which this file was written for, put the programs of its numbered sections ({{sections}}) at those slots; they become its .values, and each section its libbpf family (\"socket/3\" becomes \"socket\"), in the section's own spelling or in the macro that builds it.",
      sharedProgArray: "Prog array '{{name}}' is not migrated: it is declared in a header with .id = {{id}}, so the __section_tail({{id}}, KEY) programs of the objects that include it fill its slots, and no object (.c file) of this run includes it.",
      sharedArrayBlocked: "Prog array '{{name}}' is not migrated: objects that include {{header}} share it, and in {{object}} {{reason}}.",
      sharedProgArrayNote: "Prog array '{{name}}' is shared by the objects that include this header ({{objects}}): it becomes the named type 'struct {{tag}}' with a tentative definition here, and each object that compiles tail-call programs for it defines it with its own slots.",
      sharedSlots: "Object {{object}} fills prog array '{{name}}' (declared in {{header}}): its definition with the slots of this object's tail-call programs goes after the last of them ({{count}} slot(s)).",
      headerTailProgram: "Program '{{name}}' is a legacy tail call (section \"{{id}}/{{key}}\") compiled into {{objects}}: it takes section \"{{section}}\" and each of those objects lists it in its prog array's slots.",
      headerProgramKept: "Program '{{name}}' keeps its legacy section \"{{id}}/{{key}}\": {{reason}}.",
      headerSectionChosen: "The tail-call programs of this header take section \"{{section}}\", which libbpf does not know: the objects that compile them use {{choices}}, and the loader sets the program type of every program (as tc did).",
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
      noEntryProgram: 'Pass --tail-call-section NAME with the section of the programs that tail-call through this map (for example classifier, tc or xdp).',
      idConditional: 'Set .id unconditionally (or declare one prog array per #if branch), then run bpf-migrate again.',
      conditionChanges: 'Move the #define or #undef above the map, or migrate this prog array by hand.',
      headerProgram: 'Resolve the problem named in the message (run bpf-migrate over the tree to see it), then run bpf-migrate again.',
      sharedArrayMigratedElsewhere: 'Add `[KEY] = (void *)&program` to this object\'s definition of the prog array by hand (struct T NAME SEC(".maps") = { .values = { ... } }; after its last tail-call program), or run bpf-migrate on the legacy tree with every .c file that includes the header.',
      progArrayInHeader: 'Run bpf-migrate over the tree (the .c files and their headers together), for example `bpf-migrate --write bpf/`.',
      sharedArrayBlocked: 'Resolve the problem reported for that object (run bpf-migrate on it to see it), then run bpf-migrate again.',
      headerProgramKept: 'Resolve the problem named in the message, then run bpf-migrate again.',
      numberedSections: 'Write the slots as a .values initializer by hand (`[N] = (void *)&prog`), give the programs sections libbpf knows, and run bpf-migrate again.',
      sharedProgArray: 'Run bpf-migrate over the .c files that include this header together with it (for example the whole bpf/ directory); if no object includes it, it needs no migration.',
      mixedEntryTypes: 'Pass --tail-call-section NAME with the section of the programs that tail-call through this map.',
    },
  },
  requires: ['legacy-elf-map'],
  objectFacts(ctx: RuleContext): TailFacts | undefined {
    const { file } = ctx;
    if (file.isHeader) return undefined;
    const unit = file.translationUnit();
    if (!unit.programs.some((p) => p.program.tail) && !unit.maps.some((m) => m.chain.length > 0)) return undefined;
    const slots = unitSlots(unit);
    const arrays = slots.arrays.filter((a) => a.shared || a.programs.some((p) => p.header)).map((a) => ({
      key: a.key, name: a.placed.map.name, header: a.shared ? a.placed.file.path : undefined,
      problem: a.problem ? problemText(a.problem) : undefined,
      programs: a.programs.filter((p) => p.header).map((p) => programKey(p.header!, p.name)),
    }));
    const headerPrograms = tailPrograms(unit).filter((p) => p.header).map((p) => programKey(p.header!, p.name));
    if (arrays.length === 0 && headerPrograms.length === 0) return undefined;
    const entry = entrySection(file, [], undefined);
    return { entry: 'problem' in entry ? undefined : entry.name, arrays, headerPrograms };
  },
  run(ctx: RuleContext) {
    const { file } = ctx;
    const hasProgArray = file.maps.some((m) => isProgArray(m, file));
    const ownTails = hasProgArray || file.statements.some((s) => s.triggers & Trigger.sectionTail);
    const unitMayMatter = ownTails || mayWireTailCalls(file.text) || file.headers.legacySources.some((src) => mayWireTailCalls(src.text));
    if (!unitMayMatter) return;
    const unit = file.translationUnit();
    if (!hasProgArray && !unit.programs.some((p) => p.program.tail) && !unit.maps.some((m) => m.chain.length > 0 && isProgArray(m.map, m.model))) return;
    const verdicts = treeVerdicts(ctx.options.tree, ctx.options.tailCallSection, ctx.options.tree?.migrated);
    const slots = unitSlots(unit);
    const own = (p: TailProgram) => p.header === undefined;
    const data = (p: TailProgram) => ({ name: p.name, id: p.idText, key: p.keyText, idText: p.idText, keyText: p.keyText });

    // A header's programs that objects compile are read with each object's macros: the header side speaks for them.
    const compiledElsewhere = (p: TailProgram) => file.isHeader && verdicts.compilers.has(programKey(file.path ?? '', p.name));
    for (const p of slots.unknown.filter((q) => own(q) && !compiledElsewhere(q))) {
      const t = p.placed.program.tail!;
      ctx.report({ messageId: 'tailArgUnknown', severity: 'error', category: 'problem', start: t.start, end: t.end, subject: p.name, data: data(p) });
    }
    for (const p of slots.orphans.filter(own)) reportOrphan(ctx, p);

    const handled = file.isHeader ? headerSide(ctx, verdicts) : new Set<LegacyMap>();
    const sharedFixes: Edit[] = [];
    const sharedReports: ReportInput[] = [];
    for (const a of slots.arrays) if (a.shared && !file.isHeader) objectSide(ctx, unit, a, verdicts, sharedFixes, sharedReports);
    for (const plan of ctx.plans) {
      if (!isProgArray(plan.map, file) || handled.has(plan.map)) continue;
      // A prog array in `#if 0` is not in the object: it holds nothing, and is migrated as it reads.
      const a = slots.arrays.find((x) => x.placed.map === plan.map);
      const programs = a?.programs ?? [];
      for (const p of programs.filter(own)) {
        ctx.report({ messageId: 'tailProgram', severity: 'warning', category: 'legacy', start: p.placed.program.tail!.start, end: p.placed.program.tail!.end, plan, subject: p.name, data: { ...data(p), map: plan.map.name } });
      }
      if (plan.blocked) continue;
      const fromHeader = programs.find((p) => p.header && (!ctx.options.tree || verdicts.blockedPrograms.has(programKey(p.header, p.name))));
      if (fromHeader) {
        const reason = ctx.options.tree ? verdicts.blockedPrograms.get(programKey(fromHeader.header!, fromHeader.name))!.reason
          : 'bpf-migrate changes a header\'s tail-call programs only in a run over the objects that include it';
        ctx.decide(plan, blocked('headerProgram', { start: plan.map.start, end: plan.map.headEnd }, { name: plan.map.name, program: fromHeader.name, header: baseName(fromHeader.header!), reason }));
        continue;
      }
      if (a?.problem) {
        blockFor(ctx, plan, a.problem);
        continue;
      }
      const numbered = plan.map.kind === 'mapdef' ? numberedSections(file.text) : [];
      if (numbered.length > 0) {
        const bpfLoad = bpfLoadSlots(ctx, plan, unit, numbered);
        if ('problem' in bpfLoad) {
          ctx.decide(plan, blocked('numberedSections', { start: plan.map.start, end: plan.map.headEnd }, { name: plan.map.name, sections: numbered.join(', '), why: bpfLoad.problem }));
          continue;
        }
        if (bpfLoad.slots.problem) { blockFor(ctx, plan, bpfLoad.slots.problem); continue; }
        wire(ctx, plan, bpfLoad.slots, unit);
        if (bpfLoad.slots.programs.length > 0) {
          const sections = [...new Set(bpfLoad.slots.programs.map((p) => `"${p.placed.program.section!.name}"`))];
          ctx.report({ messageId: 'bpfLoadConvention', severity: 'info', category: 'note', start: plan.map.start, end: plan.map.headEnd, plan, data: { name: plan.map.name, sections: sections.join(', ') } });
        }
        continue;
      }
      wire(ctx, plan, a, unit);
    }
    if (sharedFixes.length > 0) {
      const key = `tail-calls:${file.path ?? ''}`;
      const defined = [...new Set(sharedReports.filter((r) => r.messageId === 'sharedSlots').map((r) => r.subject!))];
      ctx.addFix({ key, title: `Define ${defined.map((n) => `'${n}'`).join(', ')} with this object's tail-call programs as slots`, subjects: defined.map((n) => `${n} (slots)`), edits: sharedFixes });
      for (const r of sharedReports) ctx.report({ ...r, fixKey: key });
    } else for (const r of sharedReports) ctx.report(r);
  },
});

function problemText(p: SlotProblem): string {
  const d = p.data;
  switch (p.messageId) {
    case 'keyCollision': return `programs ${d.programs} all claim slot ${d.key}`;
    case 'keyOutOfRange': return `program '${d.program}' claims slot ${d.key}, but max_entries is ${d.max}`;
    case 'valueSize': return `its value size ${d.value} is not 4`;
    case 'idUnknown': return `its .id = ${d.value} cannot be evaluated`;
    case 'idConditional': return 'its .id is set under a preprocessor conditional';
    case 'conditionChanges': return `program '${d.program}' is built under ${d.condition}, and ${d.macro} is defined or undefined in between`;
    default: return `which programs it holds cannot be told (${d.reason})`;
  }
}

/** Reports a slot problem on a map of this file, where the old single-file checks reported it. */
function blockFor(ctx: RuleContext, plan: MapPlan, problem: SlotProblem): void {
  const { map } = plan;
  const field = (name: string, conditional = false) => map.fields.find((f) => f.name === name && (!conditional || f.condDepth > 0));
  const tail = problem.program && problem.program.header === undefined ? problem.program.placed.program.tail : undefined;
  const at = problem.messageId === 'idUnknown' ? field('id')
    : problem.messageId === 'idConditional' ? field('id', true)
      : problem.messageId === 'valueSize' ? field('valueSize') : tail;
  ctx.decide(plan, blocked(problem.messageId, { start: at?.start ?? map.start, end: at?.end ?? map.headEnd }, problem.data));
}

function reportOrphan(ctx: RuleContext, p: TailProgram): void {
  const { file } = ctx;
  const t = p.placed.program.tail!;
  const data = { name: p.name, idText: p.idText, keyText: p.keyText, id: String(p.id), key: String(p.key) };
  // A prog array declared through a macro that could not be written out may be the one: its own error says so.
  if (file.macroMaps.some((u) => /PROG_ARRAY/.test(u.macro) || u.macro === '__BPF_MAP')) return;
  if (file.unreadable.length > 0) {
    const unread = file.unreadable.find((u) => u.name !== undefined) ?? file.unreadable[0];
    ctx.report({ messageId: 'progArrayUnread', severity: 'warning', category: 'problem', start: t.start, end: t.end, subject: p.name, data: { ...data, map: unread.name ?? '?', line: file.lineAt(unread.start) } });
    return;
  }
  // In a header, "this file" is every object that includes it: the header side says what becomes of it.
  if (file.isHeader && ctx.options.tree) return;
  // A header of the object already declares a BTF prog array shared by objects (a run that did not include
  // this file migrated it): the legacy id that tied this program to it is gone, and so is its slot.
  const shared = file.translationUnit().headers.flatMap((h) => sharedBtfProgArrays(h.text).map((name) => ({ name, header: h.path })));
  if (shared.length > 0) {
    ctx.report({ messageId: 'sharedArrayMigratedElsewhere', severity: 'error', category: 'problem', start: t.start, end: t.end, subject: p.name, data: { ...data, maps: shared.map((x) => `'${x.name}' (${baseName(x.header)})`).join(', ') } });
    return;
  }
  ctx.report({ messageId: 'noProgArray', severity: 'warning', category: 'problem', start: t.start, end: t.end, subject: p.name, data });
}

/** BTF prog arrays a header declares as shared ones are migrated: a named type with `__array(values, int (void *))`, no initializer. */
function sharedBtfProgArrays(text: string): string[] {
  if (!text.includes('PROG_ARRAY') || !text.includes('__array')) return [];
  const out: string[] = [];
  for (const m of text.matchAll(/\bstruct\s+\w+\s*\{[^{}]*BPF_MAP_TYPE_PROG_ARRAY[^{}]*__array\s*\(\s*values\s*,\s*int\s*\(\s*void\s*\*\s*\)\s*\)\s*;[^{}]*\}\s*([A-Za-z_]\w*)\s+[^;={}]*\.maps[^;={}]*;/g)) out.push(m[1]);
  return out;
}

/** A tag for a shared prog array's type that its header does not use yet: the same in the header's run and its includers'. */
export function sharedTag(map: LegacyMap, headerText: string): string {
  const base = map.name.replace(/^[^A-Za-z_]+/, '');
  let tag = `${base}_def`;
  for (let i = 2; new RegExp(`\\bstruct\\s+${tag}\\b`).test(headerText); i++) tag = `${base}_def${i}`;
  return tag;
}

/**
 * The header's side: each prog array with an id becomes a named type plus a tentative definition,
 * when the objects of the run that include the header can all wire it; its tail-call programs take
 * the section chosen for them.
 *
 *   struct bpf_elf_map __section_maps CALLS_MAP = { .type = BPF_MAP_TYPE_PROG_ARRAY, .id = 1, ... };
 * becomes
 *   struct CALLS_MAP_def { __uint(type, BPF_MAP_TYPE_PROG_ARRAY); ... __array(values, int (void *)); } CALLS_MAP __section(".maps");
 */
function headerSide(ctx: RuleContext, verdicts: TreeVerdicts): Set<LegacyMap> {
  const { file } = ctx;
  const path = file.path ?? '';
  const handled = new Set<LegacyMap>();
  for (const plan of ctx.plans) {
    const { map } = plan;
    if (!isProgArray(map, file) || plan.blocked) continue;
    const idField = map.fields.find((f) => f.name === 'id');
    const id = idField ? evaluate(idField.value, file.macros) : 0n;
    if (id === 0n) continue;
    handled.add(map);
    const key = `${path}\0${map.name}`;
    const holders = verdicts.holders.get(key) ?? [];
    if (!ctx.options.tree || holders.length === 0) {
      ctx.decide(plan, blocked('sharedProgArray', { start: map.start, end: map.headEnd }, { name: map.name, id: idField?.value ?? '?' }));
      continue;
    }
    const blame = verdicts.blockedArrays.get(key);
    if (blame) {
      ctx.decide(plan, blocked('sharedArrayBlocked', { start: map.start, end: map.headEnd }, { name: map.name, header: baseName(path), object: baseName(blame.object), reason: blame.reason }));
      continue;
    }
    const tag = sharedTag(map, file.text);
    ctx.decide(plan, {
      ...progArrayMembers(map), tag,
      reports: [{ messageId: 'sharedProgArrayNote', severity: 'info', category: 'note', start: map.start, end: map.headEnd, data: { name: map.name, objects: holders.map(baseName).join(', '), tag } }],
    });
  }
  // The header's own tail-call programs.
  const section = verdicts.sections.get(path);
  const edits: Edit[] = [];
  const reports: ReportInput[] = [];
  for (const prog of file.programs()) {
    const t = prog.tail;
    if (!t || neverBuilt(file.text, file.scan, prog.start)) continue;
    const key = programKey(path, prog.name);
    const objects = verdicts.compilers.get(key) ?? [];
    const data = { name: prog.name, id: t.idText, key: t.keyText };
    if (!ctx.options.tree || objects.length === 0) continue;
    const blame = verdicts.blockedPrograms.get(key);
    if (blame || !verdicts.slotted.has(key) || !section || 'problem' in section) {
      const reason = blame ? `${blame.reason}` : !verdicts.slotted.has(key) ? `none of the objects that compile it (${objects.map(baseName).join(', ')}) has a prog array with .id = ${t.idText}` : 'no section can be chosen for it';
      ctx.report({ messageId: 'headerProgramKept', severity: blame ? 'error' : 'warning', category: 'problem', start: t.start, end: t.end, subject: prog.name, data: { ...data, reason } });
      continue;
    }
    const macro = file.macros.has('__section') || /\b__section\s*\(/.test(file.text) ? '__section' : 'SEC';
    edits.push({ start: t.start, end: t.end, text: `${macro}("${section.name}")` });
    reports.push({ messageId: 'headerTailProgram', severity: 'warning', category: 'legacy', start: t.start, end: t.end, subject: prog.name, data: { ...data, objects: objects.map(baseName).join(', '), section: section.name } });
  }
  if (edits.length === 0) return handled;
  const fixKey = `tail-sections:${path}`;
  ctx.addFix({ key: fixKey, title: "Give this header's tail-call programs the section of their objects' entry programs", subjects: reports.map((r) => `${r.subject} (section)`), edits });
  for (const r of reports) ctx.report({ ...r, fixKey });
  if (section && !('problem' in section) && section.chosenFrom) {
    ctx.report({ messageId: 'headerSectionChosen', severity: 'info', category: 'note', start: reports[0].start, end: reports[0].end, fixKey, data: { section: section.name, choices: section.chosenFrom.map((c) => `"${c}"`).join(', ') } });
  }
  return handled;
}

/**
 * An object's side of a prog array declared in a shared header: the definition with this object's
 * slots, after the last tail-call program the object compiles, and its own programs' sections.
 *
 *   struct CALLS_MAP_def CALLS_MAP __section(".maps") = {
 *   	.values = {
 *   		[CILIUM_CALL_ARP] = (void *)&tail_handle_arp,
 *   	},
 *   };
 */
function objectSide(ctx: RuleContext, unit: TranslationUnit, a: ArraySlots, verdicts: TreeVerdicts, edits: Edit[], reports: ReportInput[]): void {
  const { file } = ctx;
  const { map } = a.placed;
  const header = a.placed.file.path;
  const ownPrograms = a.programs.filter((p) => p.header === undefined);
  const where = (p: TailProgram | undefined) => {
    const t = p && p.header === undefined ? p.placed.program.tail! : undefined;
    const include = a.placed.chain[0].include;
    return t ? { start: t.start, end: t.end } : { start: include.start, end: include.lineEnd - 1 };
  };
  if (a.programs.length === 0 && !(a.problem && ctx.options.tree)) return;
  if (!ctx.options.tree) {
    for (const p of ownPrograms) {
      const t = p.placed.program.tail!;
      ctx.report({ messageId: 'progArrayInHeader', severity: 'error', category: 'problem', start: t.start, end: t.end, subject: p.name, data: { name: p.name, id: String(p.id), key: String(p.key), map: map.name, header: baseName(header) } });
    }
    return;
  }
  if (a.problem) {
    const at = where(a.problem.program);
    reports.push({ messageId: a.problem.messageId, severity: 'error', category: 'problem', start: at.start, end: at.end, subject: map.name, data: a.problem.data });
    return;
  }
  const blame = verdicts.blockedArrays.get(a.key);
  if (blame) {
    const at = where(ownPrograms[0]);
    reports.push({ messageId: 'sharedArrayBlocked', severity: 'error', category: 'problem', start: at.start, end: at.end, subject: map.name, data: { name: map.name, header: baseName(header), object: baseName(blame.object), reason: blame.reason } });
    return;
  }
  let section: EntrySection | undefined;
  if (ownPrograms.length > 0) {
    section = entrySection(file, ownPrograms.map((p) => p.placed.program), ctx.options.tailCallSection);
    if ('problem' in section) {
      const at = where(ownPrograms[0]);
      reports.push({ messageId: section.problem, severity: 'error', category: 'problem', start: at.start, end: at.end, subject: map.name, data: { name: map.name, detail: section.detail, why: section.why ?? '' } });
      return;
    }
  }
  const { root } = unit;
  const eol = root.eol;
  const unitIndent = root.indentUnit;
  const ordered = [...a.programs].sort((x, y) => x.key! - y.key!);
  const slotLines = ordered.flatMap((p) => {
    const extra = extraConditions(a.placed.conditions, p.placed.conditions);
    return [...extra.flatMap((c) => c.lines), `${unitIndent}${unitIndent}[${p.keyText}] = (void *)&${p.name},`, ...extra.map(() => '#endif')];
  });
  const tag = sharedTag(map, a.placed.model.text);
  const definition = [
    ...a.placed.conditions.flatMap((c) => c.lines),
    `struct ${tag} ${map.name} ${sectionText(map)} = {`,
    `${unitIndent}.values = {`,
    ...slotLines,
    `${unitIndent}},`,
    '};',
    ...a.placed.conditions.map(() => '#endif'),
  ].map((l) => l.replace(/\r?\n/g, eol)).join(eol);
  const anchor = Math.max(a.placed.anchor, ...a.programs.map((p) => p.placed.anchor));
  edits.push(blockInsertion(root.text, fileScopeAfter(root, anchor), definition, eol));
  for (const p of ownPrograms) {
    const t = p.placed.program.tail!;
    edits.push({ start: t.start, end: t.end, text: (section as { text: string }).text });
    reports.push({ messageId: 'tailProgram', severity: 'warning', category: 'legacy', start: t.start, end: t.end, subject: p.name, data: { name: p.name, id: p.idText, key: p.keyText, map: map.name } });
  }
  const first = where(ownPrograms[0]);
  reports.push({ messageId: 'sharedSlots', severity: 'info', category: 'note', start: first.start, end: first.end, subject: map.name, data: { object: baseName(file.path ?? ''), name: map.name, header: baseName(header), count: a.programs.length } });
  if (section && !('problem' in section) && section.typeFromLoader) {
    reports.push({ messageId: 'typeFromLoader', severity: 'info', category: 'note', start: first.start, end: first.end, subject: map.name, data: { name: map.name, section: section.typeFromLoader } });
  }
}

/** Inserts a block of lines at `at` with one blank line on each side, counting the blank lines already there. */
function blockInsertion(text: string, at: number, block: string, eol: string): Edit {
  const lineStart = at === 0 || text[at - 1] === '\n';
  const prevLine = text.slice(text.lastIndexOf('\n', at - 2) + 1, at);
  const nl = text.indexOf('\n', at);
  const nextLine = text.slice(at, nl < 0 ? text.length : nl);
  const before = !lineStart ? eol + eol : at === 0 || /^\s*$/.test(prevLine) ? '' : eol;
  const after = at >= text.length || /^\s*$/.test(nextLine) ? eol : eol + eol;
  return { start: at, end: at, text: before + block + after };
}

/**
 * Sections samples/bpf's bpf_load.c reads as prog-array slots: "socket/N", "sockops/N", "kprobe/N",
 * "kretprobe/N" (its "sk_skb" and "sk_msg" tests skip one character too many, so "sk_skb/N" is not
 * wired), written out or built with a stringified macro (`SEC("socket/" __stringify(N))`).
 */
const FAMILIES = BPF_LOAD_FAMILIES.join('|');
const NUMBERED_SECTION = new RegExp(`"((?:${FAMILIES})/)(?:(\\d+)[^"]*"|"\\s*(?:__stringify|#|[A-Za-z_]\\w*\\s*\\())`, 'g');
const NUMBERED_HINT = new RegExp(`"(?:${FAMILIES})/(?:\\d|")`);

function numberedSections(text: string): string[] {
  if (!NUMBERED_HINT.test(text)) return [];
  return [...new Set([...text.matchAll(NUMBERED_SECTION)].map((m) => `"${m[1]}${m[2] ?? 'N'}"`))];
}

/** The argument of the first `SEC(...)`/`__section(...)`/`section(...)` between `from` and `to`, replaced by `text`. */
function sectionArgumentEdit(source: string, from: number, to: number, text: string): Edit | undefined {
  const m = /\b(?:SEC|__section|section)\s*\(/.exec(source.slice(from, to));
  if (!m) return undefined;
  const open = from + m.index + m[0].length;
  let depth = 1;
  for (let i = open; i < to; i++) {
    if (source[i] === '(') depth++;
    else if (source[i] === ')' && --depth === 0) return { start: open, end: i, text };
  }
  return undefined;
}

/**
 * samples/bpf's loader (bpf_load.c) for a file of `struct bpf_map_def` maps: each program in a
 * numbered section goes to slot N of the *last* PROG_ARRAY of section "maps" (the one it keeps),
 * and its section becomes the family libbpf knows ("socket/3" → "socket").
 */
function bpfLoadSlots(ctx: RuleContext, plan: MapPlan, unit: TranslationUnit, numbered: string[]): { slots: ArraySlots } | { problem: string } {
  const { file } = ctx;
  const viaMacro = new Set(unit.programs.filter((p) => p.chain.length === 0 && p.program.headMacro && p.program.section && bpfLoadSlot(p.program.section.name) !== undefined).map((p) => p.program.headMacro!));
  if (numbered.some((n) => n.endsWith('/N"')) && viaMacro.size === 0) {
    const unread = file.headers.unresolved.filter((h) => !/^(linux|asm|bits|sys)\//.test(h));
    return { problem: `some section numbers are built by a macro whose number bpf-migrate cannot evaluate${unread.length > 0 ? ` (it may come from ${nameList(unread)}, which cannot be read: pass -I)` : ''}` };
  }
  if (file.unreadable.length > 0 || file.macroMaps.length > 0 || unit.maps.some((m) => m.chain.length > 0)) {
    return { problem: 'which map is the last prog array of the object cannot be told (maps from headers or macros, or maps it cannot read)' };
  }
  const arrays = unit.maps.filter((m) => isProgArray(m.map, m.model));
  const placed = unit.maps.find((m) => m.map === plan.map)!;
  const last = arrays[arrays.length - 1];
  const slots: ArraySlots = { placed, key: `${file.path ?? ''}\0${plan.map.name}`, shared: false, programs: [] };
  if (last?.map !== plan.map) return { slots };
  for (const up of unit.programs) {
    const section = up.program.section;
    const key = section ? bpfLoadSlot(section.name) : undefined;
    if (!section || key === undefined || up.chain.length > 0) continue;
    const family = section.name.slice(0, section.name.indexOf('/'));
    const literal = `"${section.name}"`;
    if (up.program.headMacro) {
      slots.programs.push({ placed: up, name: up.program.name, idText: '', keyText: String(key), key });
      continue;
    }
    if (!section.text.includes(literal)) return { problem: `the section of '${up.program.name}' is not written as the string ${literal}` };
    slots.programs.push({
      placed: up, name: up.program.name, idText: '', keyText: String(key), key,
      rename: { start: section.start, end: section.end, text: section.text.replace(literal, `"${family}"`) },
    });
  }
  // A macro that builds the numbered sections (`#define PROG(F) SEC("socket/"__stringify(F)) ...`) changes once,
  // in its definition, when every use of it in the file is such a program of one family.
  for (const macro of viaMacro) {
    const uses = slots.programs.filter((p) => p.placed.program.headMacro === macro);
    const families = new Set(uses.map((p) => p.placed.program.section!.name.replace(/\/.*/, '')));
    const calls = file.text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ').match(new RegExp(`\\b${macro}\\s*\\(`, 'g'))?.length ?? 0;
    const define = file.scan.directives.find((d) => d.kind === 'define' && new RegExp(`^[ \\t]*#[ \\t]*define[ \\t]+${macro}\\(`).test(file.text.slice(d.start, d.end)));
    if (!define || families.size !== 1 || calls !== uses.length + 1) {
      return { problem: `the numbered sections come from macro ${macro}, which ${!define ? 'is defined in a header' : 'also has other uses'}, so its sections cannot change in one place` };
    }
    const edit = sectionArgumentEdit(file.text, define.start, define.end, `"${[...families][0]}"`);
    if (!edit) return { problem: `the section in the definition of ${macro} cannot be read` };
    uses[0].rename = edit;
  }
  slots.problem = slotProblem(slots, unit);
  return { slots };
}

/**
 * A prog array of this file gets its `.values`: the slots of every program the object compiles
 * for it (its own and its headers'), each under the conditionals it is built under beyond the
 * map's, and forward declarations above the map where C needs them.
 */
function wire(ctx: RuleContext, plan: MapPlan, a: ArraySlots | undefined, unit: TranslationUnit): void {
  ctx.decide(plan, wiring(ctx, plan.map, a, unit));
}

/** What every migrated prog array becomes: no `.id`, no value size (4, fixed by `__array`), an `__array` of programs. */
function progArrayMembers(map: LegacyMap): MapFix {
  return {
    members: map.fields.filter((f) => f.name === 'id' || f.name === 'valueSize').map((f) => [f, null]),
    appended: ['__array(values, int (void *));'],
    needs: ['__array'],
  };
}

/**
 * A prog array of this file with its `.values`: the slots of every program the object compiles
 * for it (its own and its headers'), each under the conditionals it is built under beyond the
 * map's, and forward declarations above the map where C needs them.
 */
function wiring(ctx: RuleContext, map: LegacyMap, a: ArraySlots | undefined, unit: TranslationUnit): MapDecision {
  const name = map.name;
  const base = progArrayMembers(map);
  if (!a || a.programs.length === 0) return base;
  const ownPrograms = a.programs.filter((p) => p.header === undefined);
  const section = entrySection(ctx.file, unit.programs.filter((p) => p.chain.length === 0 && p.program.tail).map((p) => p.program), ctx.options.tailCallSection);
  const renamedBySection = ownPrograms.filter((p) => !p.rename);
  if ('problem' in section && renamedBySection.length > 0) return blocked(section.problem, { start: map.start, end: map.headEnd }, { name, detail: section.detail, why: section.why ?? '' });
  const ordered = [...a.programs].sort((x, y) => x.key! - y.key!);
  const guards = ordered.map((p) => extraConditions(a.placed.conditions, p.placed.conditions));
  // The static-program rule drops `static` from programs; without it a static program keeps it, and so must its declaration.
  const declaration = (p: TailProgram) => (p.placed.program.staticKeyword && !ctx.enabled.has('static-program') ? `static ${p.placed.program.forwardDecl}` : p.placed.program.forwardDecl);
  // A header's program read before the map is declared already; the file's own get a declaration each, as they always did.
  const declared = ordered.map((p, i) => ({ p, g: guards[i] })).filter(({ p }) => p.header === undefined || p.placed.order > a.placed.order);
  const edits = ownPrograms.flatMap((p) => (p.rename ? [p.rename]
    : 'problem' in section ? [] : [{ start: p.placed.program.tail!.start, end: p.placed.program.tail!.end, text: section.text }]));
  const at = { start: map.start, end: map.headEnd };
  const reports: NonNullable<MapFix['reports']> = [{ messageId: 'loaderNote', severity: 'info', category: 'note', ...at, data: { name } }];
  if (!('problem' in section) && section.typeFromLoader && renamedBySection.length > 0) reports.push({ messageId: 'typeFromLoader', severity: 'info', category: 'note', ...at, data: { name, section: section.typeFromLoader } });
  return {
    ...base,
    values: ordered.map((p, i) => ({ key: p.keyText, target: `(void *)&${p.name}`, open: guards[i].flatMap((c) => c.lines), close: guards[i].map(() => '#endif') })),
    before: [...new Set(declared.map(({ p, g }) => [...g.flatMap((c) => c.lines), declaration(p), ...g.map(() => '#endif')].join('\n')))],
    edits,
    needs: [...base.needs!, ...(!('problem' in section) && renamedBySection.length > 0 && /\bSEC\(/.test(section.text) ? ['SEC' as const] : [])],
    reports,
  };
}
