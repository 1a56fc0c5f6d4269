/**
 * Wires tail calls the way libbpf does: each prog array gets a `.values` initializer with
 * the programs the legacy loader would have put in it (`__section_tail(ID, KEY)` → slot KEY
 * of the first PROG_ARRAY whose .id == ID, semantics §2), forward declarations of those
 * programs above the map, and the programs move to the section of the file's entry programs.
 */
import { nameList } from '../src/core/name-list.js';
import { defineRule, type RuleContext, type MapPlan } from '../src/core/rule.js';
import { evaluate } from '../src/core/cexpr.js';
import { resolveMapTypes } from '../src/core/members.js';
import { libbpfProgramType, NON_PROGRAM_SECTIONS, tailArgValue, type Program } from '../src/core/programs.js';
import type { LegacyMap } from '../src/core/legacy-map.js';
import { builtWith, enclosingConditionals, neverBuilt, Trigger, type Directive, type EnclosingConditional } from '../src/core/scan.js';
import type { FileModel } from '../src/core/file.js';


type EntrySection = { text: string; typeFromLoader?: string } | { problem: 'noEntryProgram' | 'mixedEntryTypes'; detail: string; why?: string };

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
    return { text: `${macro}("${override}")` };
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
  if (known.length > 0) return { text: known[0].section!.text };
  return { text: entries[0].section!.text, typeFromLoader: entries[0].section!.name };
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
      headerProgram: "Prog array '{{name}}' is not migrated: program '{{program}}' in {{header}} (__section_tail({{idText}}, {{keyText}})) also fills it, and bpf-migrate does not move tail-call programs out of headers.",
      progArrayInHeader: "Program '{{name}}' (section \"{{id}}/{{key}}\") goes into prog array '{{map}}', declared in {{header}}: its slots come from every file that includes that header, so they cannot be written into it.",
      numberedSections: "Prog array '{{name}}' is not migrated: the file has programs in numbered sections ({{sections}}), which samples/bpf's loader (bpf_load.c) put into its prog array at those indexes; libbpf does not, and which programs go where is not written in the file.",
      sharedProgArray: "Prog array '{{name}}' is not migrated: it is declared in a header with .id = {{id}}, so the __section_tail({{id}}, KEY) programs of the files that include it fill its slots, and a static initializer cannot be written into a shared header.",
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
      headerProgram: 'Move the tail-call program into the file that declares the prog array, or migrate the prog array by hand.',
      progArrayInHeader: 'Move the prog array into this file (one per object), then run bpf-migrate again.',
      numberedSections: 'Write the slots as a .values initializer by hand (`[N] = (void *)&prog`), give the programs sections libbpf knows, and run bpf-migrate again.',
      sharedProgArray: 'Move the prog array into the .c file that fills it (one per object), then run bpf-migrate again.',
      mixedEntryTypes: 'Pass --tail-call-section NAME with the section of the programs that tail-call through this map.',
    },
  },
  requires: ['legacy-elf-map'],
  run(ctx: RuleContext) {
    const { file } = ctx;
    const hasProgArray = file.maps.some((m) => isProgArray(m, file));
    // Programs in `#if 0` are never built: they fill no slot.
    const tails = hasProgArray || file.statements.some((s) => s.triggers & Trigger.sectionTail)
      ? file.programs().filter((p) => p.tail && !neverBuilt(file.text, file.scan, p.start)) : [];
    if (!hasProgArray && tails.length === 0) return;
    const fromHeaders = tails.length > 0 || hasProgArray ? headerWiring(file) : { tails: [], progArrays: [] };

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
      const arrays = file.maps.filter((m) => isProgArray(m, file) && !neverBuilt(file.text, file.scan, m.start));
      const at = arrays.findIndex((m) => idOf(m, file) === BigInt(t.id!));
      // The first prog array with the id must be there whenever the program is; one under an #if of
      // its own is first in some builds only, and then which prog array gets the program depends on the build.
      if (at >= 0 && !builtWith(file.scan, arrays[at].start, prog.start)) {
        for (const m of arrays) if (idOf(m, file) === BigInt(t.id)) uncertain.set(m, `prog array '${arrays[at].name}' is declared under a preprocessor conditional that program '${prog.name}' is not, so which prog array with .id = ${t.id} comes first depends on the build`);
        continue;
      }
      const unknownBefore = arrays.slice(0, at < 0 ? arrays.length : at).filter((m) => idOf(m, file) === undefined);
      if (unknownBefore.length > 0) {
        // Those get idUnknown below; the one that matched cannot be told from them.
        if (at >= 0) uncertain.set(arrays[at], `prog array '${unknownBefore[0].name}' comes before it and its .id cannot be evaluated`);
        continue;
      }
      const map = at >= 0 ? arrays[at] : undefined;
      const shared = fromHeaders.progArrays.find((h) => h.id === BigInt(t.id!));
      if (shared) {
        // The header's prog array may be the first with that id in the object: it cannot be told which one gets the program.
        if (map) uncertain.set(map, `prog array '${shared.name}' in ${shared.header} has the same .id`);
        ctx.report({ messageId: 'progArrayInHeader', severity: 'error', category: 'problem', start: t.start, end: t.end, subject: prog.name, data: { ...data, id: String(t.id), key: String(t.key), map: shared.name, header: shared.header } });
        continue;
      }
      // A prog array declared through a macro that could not be written out may be the one:
      // its own error says so, and "no prog array in this file" would be wrong.
      if (!map && file.macroMaps.some((u) => /PROG_ARRAY/.test(u.macro) || u.macro === '__BPF_MAP')) continue;
      if (!map) {
        // A legacy map of the file that could not be read may be this prog array: say that, not "another object".
        const unread = file.unreadable.find((u) => u.name !== undefined);
        if (unread || file.unreadable.length > 0) {
          ctx.report({ messageId: 'progArrayUnread', severity: 'warning', category: 'problem', start: t.start, end: t.end, subject: prog.name, data: { ...data, id: String(t.id), key: String(t.key), map: unread?.name ?? '?', line: file.lineAt((unread ?? file.unreadable[0]).start) } });
          continue;
        }
        ctx.report({ messageId: 'noProgArray', severity: 'warning', category: 'problem', start: t.start, end: t.end, subject: prog.name, data: { ...data, id: String(t.id), key: String(t.key) } });
        continue;
      }
      slotsByMap.set(map, [...(slotsByMap.get(map) ?? []), prog]);
    }
    for (const h of fromHeaders.tails) {
      for (const m of file.maps) {
        if (!isProgArray(m, file) || uncertain.has(m)) continue;
        const id = idOf(m, file);
        if (h.id === undefined || id === undefined || h.id === id) uncertain.set(m, `header:${h.header}:${h.program}:${h.idText}:${h.keyText}`);
      }
    }

    for (const plan of ctx.plans) {
      if (!isProgArray(plan.map, file)) continue;
      const programs = slotsByMap.get(plan.map) ?? [];
      for (const prog of programs) {
        ctx.report({ messageId: 'tailProgram', severity: 'warning', category: 'legacy', start: prog.tail!.start, end: prog.tail!.end, plan, subject: prog.name, data: { name: prog.name, id: prog.tail!.idText, key: prog.tail!.keyText, map: plan.map.name } });
      }
      if (plan.blocked) continue;
      const why = uncertain.get(plan.map);
      if (why?.startsWith('header:')) {
        const [, header, program, idText, keyText] = why.split(':');
        ctx.block(plan, { messageId: 'headerProgram', severity: 'error', start: plan.map.start, end: plan.map.headEnd, data: { name: plan.map.name, header, program, idText, keyText } });
        continue;
      }
      if (why) {
        ctx.block(plan, { messageId: 'uncertainSlots', severity: 'error', start: plan.map.start, end: plan.map.headEnd, data: { name: plan.map.name, reason: why } });
        continue;
      }
      const numbered = plan.map.kind === 'mapdef' ? numberedSections(file.text) : [];
      if (numbered.length > 0) {
        ctx.block(plan, { messageId: 'numberedSections', severity: 'error', start: plan.map.start, end: plan.map.headEnd, data: { name: plan.map.name, sections: numbered.join(', ') } });
        continue;
      }
      const id = idOf(plan.map, file);
      if (file.isHeader && id !== undefined && id !== 0n && programs.length === 0) {
        ctx.block(plan, { messageId: 'sharedProgArray', severity: 'error', start: plan.map.start, end: plan.map.headEnd, data: { name: plan.map.name, id: plan.map.fields.find((f) => f.name === 'id')!.value } });
        continue;
      }
      wire(ctx, plan, programs, tails);
    }
  },
});

/**
 * Sections samples/bpf's bpf_load.c read as prog-array slots: "socket/N", "kprobe/N" and their
 * kin, written out or built with a stringified macro (`SEC("socket/" __stringify(N))`).
 */
const NUMBERED_SECTION = /"((?:socket|sockops|sk_skb|sk_msg|kprobe|kretprobe)\/)(?:(\d+)"|"\s*(?:__stringify|#|[A-Za-z_]\w*\s*\())/g;

function numberedSections(text: string): string[] {
  if (!/"(?:socket|sockops|sk_skb|sk_msg|kprobe|kretprobe)\//.test(text)) return [];
  return [...new Set([...text.matchAll(NUMBERED_SECTION)].map((m) => `"${m[1]}${m[2] ?? 'N'}"`))];
}

interface HeaderWiring {
  /** Tail-call programs of included headers, with ID evaluated against the including file. */
  tails: { program: string; header: string; idText: string; keyText: string; id?: bigint }[];
  /** Prog arrays with an id declared in included headers. */
  progArrays: { name: string; header: string; id: bigint }[];
}

/** What the file's included project headers put into the same object: their tail-call programs and prog arrays. */
function headerWiring(file: FileModel): HeaderWiring {
  const out: HeaderWiring = { tails: [], progArrays: [] };
  for (const model of file.headerModels()) {
    const header = (model.path ?? '').replace(/^.*\//, '');
    if (model.statements.some((s) => s.triggers & Trigger.sectionTail) || /"\s*\d+\s*\/\s*\d+\s*"/.test(model.text)) {
      for (const p of model.programs()) {
        if (!p.tail) continue;
        const id = tailArgValue(p.tail.idText, file.macros);
        out.tails.push({ program: p.name, header, idText: p.tail.idText, keyText: p.tail.keyText, id: id === undefined ? undefined : BigInt(id) });
      }
    }
    for (const m of model.maps) {
      if (!isProgArray(m, model)) continue;
      const f = m.fields.find((x) => x.name === 'id');
      const id = f ? evaluate(f.value, file.macros) ?? evaluate(f.value, model.macros) : 0n;
      if (id !== undefined && id !== 0n) out.progArrays.push({ name: m.name, header, id });
    }
  }
  return out;
}

/**
 * The conditional groups a program is built under that the map is not already inside, as
 * directive lines to put around its slot and its forward declaration (the group's opening
 * line, the #elif/#else lines passed before it, each closed by #endif). Undefined when a
 * macro those lines test is defined or undefined between the map and the program: then the
 * same lines would not mean the same there.
 */
function guardFor(file: FileModel, map: LegacyMap, prog: Program): { open: string[]; close: string[]; macro?: string; condition?: string } {
  const mine = enclosingConditionals(file.scan, map.start);
  const theirs = enclosingConditionals(file.scan, prog.start);
  let common = 0;
  while (common < mine.length && common < theirs.length && mine[common].open === theirs[common].open
    && mine[common].branches.length === theirs[common].branches.length) common++;
  const groups = theirs.slice(common);
  if (groups.length === 0) return { open: [], close: [] };
  const line = (d: Directive) => file.text.slice(d.start, d.end).replace(/^[ \t]+/, '');
  // The #else of an #ifdef or #ifndef reads better as the opposite test.
  const opening = (g: EnclosingConditional) => (g.open.kind !== 'if' && g.branches.length === 1 && g.branches[0].kind === 'else'
    ? [line(g.open).replace(/^#([ \t]*)if(n?)def/, (_, sp: string, n: string) => `#${sp}if${n ? '' : 'n'}def`)]
    : [line(g.open), ...g.branches.map(line)]);
  const open = groups.flatMap(opening);
  const names = new Set(open.flatMap((l) => l.replace(/^#\s*\w+/, '').match(/[A-Za-z_]\w*/g) ?? []).filter((n) => n !== 'defined'));
  const from = Math.min(map.start, prog.start);
  const to = Math.max(map.start, prog.start);
  const changed = file.scan.directives.find((d) => (d.kind === 'define' || d.kind === 'undef') && d.start > from && d.start < to
    && names.has(/^[ \t]*#[ \t]*\w+[ \t]+([A-Za-z_]\w*)/.exec(file.text.slice(d.start, d.end))?.[1] ?? ''));
  const condition = groups.map((g) => line(g.branches[g.branches.length - 1] ?? g.open)).join(', ');
  if (changed) return { open, close: [], macro: /#[ \t]*\w+[ \t]+([A-Za-z_]\w*)/.exec(file.text.slice(changed.start, changed.end))![1], condition };
  return { open, close: groups.map(() => '#endif') };
}

/** Whether two programs sit in different branches of the same conditional group. */
function exclusive(file: FileModel, a: Program, b: Program): boolean {
  const ca = enclosingConditionals(file.scan, a.start);
  const cb = enclosingConditionals(file.scan, b.start);
  return ca.some((g) => cb.some((h) => h.open === g.open && h.branches.length !== g.branches.length));
}

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
    // An id under #if decides, build by build, whether the programs land here at all.
    const conditional = map.fields.find((f) => f.name === 'id' && f.condDepth > 0);
    if (conditional && (programs.length > 0 || map.fields.filter((f) => f.name === 'id').length > 1)) {
      ctx.block(plan, { messageId: 'idConditional', severity: 'error', start: conditional.start, end: conditional.end, data: { name } });
      return;
    }
    for (const f of map.fields) if (f.name === 'id') plan.members.set(f, null);
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
    // Programs in different branches of one #if are never built together: they do not collide.
    const clash = progs.find((p, i) => progs.slice(0, i).some((q) => !exclusive(file, p, q)));
    if (clash) {
      ctx.block(plan, { messageId: 'keyCollision', severity: 'error', start: clash.tail!.start, end: clash.tail!.end, data: { name, key, programs: progs.map((p) => `'${p.name}'`).join(', ') } });
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
    ctx.block(plan, { messageId: section.problem, severity: 'error', start: map.start, end: map.headEnd, data: { name, detail: section.detail, why: section.why ?? '' } });
    return;
  }
  const ordered = [...programs].sort((a, b) => a.tail!.key! - b.tail!.key!);
  const guards = ordered.map((p) => guardFor(file, map, p));
  const stale = guards.findIndex((g) => g.macro !== undefined);
  if (stale >= 0) {
    ctx.block(plan, { messageId: 'conditionChanges', severity: 'error', start: ordered[stale].tail!.start, end: ordered[stale].tail!.end, data: { name, program: ordered[stale].name, condition: guards[stale].condition!, macro: guards[stale].macro! } });
    return;
  }
  plan.values = ordered.map((p, i) => ({ key: p.tail!.keyText, target: `(void *)&${p.name}`, open: guards[i].open, close: guards[i].close }));
  // The static-program rule drops `static` from programs; without it a static program keeps it, and so must its declaration.
  const declaration = (p: Program) => (p.staticKeyword && !ctx.enabled.has('static-program') ? `static ${p.forwardDecl}` : p.forwardDecl);
  plan.before.push(...new Set(ordered.map((p, i) => [...guards[i].open, declaration(p), ...guards[i].close].join('\n'))));
  for (const p of ordered) plan.edits.push({ start: p.tail!.start, end: p.tail!.end, text: section.text });
  if (/\bSEC\(/.test(section.text)) plan.needs.add('SEC');
  ctx.report({ messageId: 'loaderNote', severity: 'info', category: 'note', start: map.start, end: map.headEnd, plan, data: { name } });
  if (section.typeFromLoader) ctx.report({ messageId: 'typeFromLoader', severity: 'info', category: 'note', start: map.start, end: map.headEnd, plan, data: { name, section: section.typeFromLoader } });
}
