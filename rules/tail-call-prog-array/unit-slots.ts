/**
 * Which program goes into which slot of which prog array, for one object, as the legacy loader
 * decides it (docs/semantics.md §2): every `__section_tail(ID, KEY)` program the object
 * compiles, from its `.c` file or from a header, goes to slot KEY of the first PROG_ARRAY of
 * the object whose `.id == ID`. Pure: the rule's run and its object facts both read this.
 */
import { evaluate } from '../../src/core/cexpr.js';
import { resolveMapTypes } from '../../src/core/members.js';
import { tailArgValue } from '../../src/core/programs.js';
import type { FileModel } from '../../src/core/file.js';
import type { LegacyMap } from '../../src/core/legacy-map.js';
import { exclusiveConditions, type Condition, type TranslationUnit, type UnitMap, type UnitProgram } from '../../src/core/translation-unit.js';

export interface TailProgram {
  placed: UnitProgram;
  name: string;
  idText: string;
  keyText: string;
  id?: number;
  key?: number;
  /** Declared in a header: compiled into every object that includes it. */
  header?: string;
  /** The section edit that makes it a program libbpf loads, when it is not the entry programs' section. */
  rename?: { start: number; end: number; text: string };
}

export interface SlotProblem {
  messageId: 'keyCollision' | 'keyOutOfRange' | 'valueSize' | 'idUnknown' | 'idConditional' | 'conditionChanges' | 'uncertainSlots';
  data: Record<string, string | number>;
  /** Where to report it in the `.c` file's own text, when it is there. */
  program?: TailProgram;
}

export interface ArraySlots {
  placed: UnitMap;
  /** Identity across the tree: the declaring file and the declarator. */
  key: string;
  /** Declared in a header: other objects may hold it too. */
  shared: boolean;
  programs: TailProgram[];
  problem?: SlotProblem;
}

export interface UnitSlots {
  arrays: ArraySlots[];
  /** Programs whose ID or KEY cannot be evaluated. */
  unknown: TailProgram[];
  /** Programs with no prog array of their id in the object: the legacy loader skips them here. */
  orphans: TailProgram[];
}

const progArrayCache = new WeakMap<LegacyMap, boolean>();

export function isProgArray(map: LegacyMap, file: FileModel): boolean {
  let v = progArrayCache.get(map);
  if (v === undefined) {
    v = resolveMapTypes(map, file).includes('PROG_ARRAY');
    progArrayCache.set(map, v);
  }
  return v;
}

/** The map's `.id`, read with the object's macros first (a header may rely on its includer's), 0 without one. */
export function idOf(placed: UnitMap, root: FileModel): bigint | undefined {
  const f = placed.map.fields.find((x) => x.name === 'id');
  if (!f) return 0n;
  return evaluate(f.value, root.macros) ?? evaluate(f.value, placed.model.macros);
}

export function arrayKey(placed: UnitMap): string {
  return `${placed.file.path}\0${placed.map.name}`;
}

/** Whether what sits under `outer` is built in every build of what sits under `inner`: its conditions are a prefix of inner's. */
function builtWhenever(outer: Condition[], inner: Condition[]): boolean {
  return outer.length <= inner.length && outer.every((c, i) => inner[i].key === c.key && inner[i].branch === c.branch);
}

/** The conditions of `inner` beyond those it shares with `outer`: the lines a slot needs around it. */
export function extraConditions(outer: Condition[], inner: Condition[]): Condition[] {
  let common = 0;
  while (common < outer.length && common < inner.length && outer[common].key === inner[common].key && outer[common].branch === inner[common].branch) common++;
  return inner.slice(common);
}

export function tailPrograms(unit: TranslationUnit): TailProgram[] {
  const { root } = unit;
  return unit.programs.filter((p) => p.program.tail).map((placed) => {
    const t = placed.program.tail!;
    const own = placed.chain.length === 0;
    // A header's tail call is read with the object's macros: its ids often come from the includer's headers.
    const id = own ? t.id : tailArgValue(t.idText, root.macros) ?? t.id;
    const key = own ? t.key : tailArgValue(t.keyText, root.macros) ?? t.key;
    return { placed, name: placed.program.name, idText: t.idText, keyText: t.keyText, id, key, header: own ? undefined : placed.file.path };
  });
}

export function unitSlots(unit: TranslationUnit): UnitSlots {
  const { root } = unit;
  const arrays: ArraySlots[] = unit.maps.filter((m) => isProgArray(m.map, m.model))
    .map((placed) => ({ placed, key: arrayKey(placed), shared: placed.chain.length > 0, programs: [] }));
  const uncertain = new Map<ArraySlots, string>();
  const out: UnitSlots = { arrays, unknown: [], orphans: [] };
  for (const prog of tailPrograms(unit)) {
    if (prog.id === undefined || prog.key === undefined) {
      out.unknown.push(prog);
      for (const a of arrays) {
        if (prog.id === undefined || idOf(a.placed, root) === BigInt(prog.id)) uncertain.set(a, `__section_tail(${prog.idText}, ${prog.keyText}) of '${prog.name}' cannot be evaluated`);
      }
      continue;
    }
    const at = arrays.findIndex((a) => idOf(a.placed, root) === BigInt(prog.id!));
    // The first prog array with the id must be there whenever the program is; else which one gets it depends on the
    // build. A shared header's prog array alone with its id (Cilium's `#ifndef SKIP_CALLS_MAP`) is not in doubt: its
    // definition repeats its conditions, and in a build without it the program fills no slot, as before.
    const alone = arrays.filter((a) => idOf(a.placed, root) === BigInt(prog.id!)).length === 1;
    if (at >= 0 && !(alone && arrays[at].shared) && !builtWhenever(arrays[at].placed.conditions, prog.placed.conditions)) {
      for (const a of arrays) {
        if (idOf(a.placed, root) === BigInt(prog.id)) uncertain.set(a, `prog array '${arrays[at].placed.map.name}' is declared under a preprocessor conditional that program '${prog.name}' is not, so which prog array with .id = ${prog.id} comes first depends on the build`);
      }
      continue;
    }
    const unknownBefore = arrays.slice(0, at < 0 ? arrays.length : at).filter((a) => idOf(a.placed, root) === undefined);
    if (unknownBefore.length > 0) {
      if (at >= 0) uncertain.set(arrays[at], `prog array '${unknownBefore[0].placed.map.name}' comes before it and its .id cannot be evaluated`);
      continue;
    }
    if (at < 0) { out.orphans.push(prog); continue; }
    arrays[at].programs.push(prog);
  }
  // A function whose section cannot be read may be a tail-call program of any prog array with an id.
  const unread = unit.programs.find((p) => p.program.unreadSection !== undefined);
  if (unread) {
    for (const a of arrays) {
      if (idOf(a.placed, root) !== 0n && !uncertain.has(a)) uncertain.set(a, `the section of '${unread.program.name}' (${unread.program.unreadSection}) cannot be read, so it may be a tail call into it: pass -I with the directory of the header that defines it`);
    }
  }
  for (const a of arrays) {
    const reason = uncertain.get(a);
    a.problem = reason !== undefined ? { messageId: 'uncertainSlots', data: { name: a.placed.map.name, reason } } : slotProblem(a, unit);
  }
  return out;
}

/** Why the slots of a prog array cannot be written exactly, or undefined. */
export function slotProblem(a: ArraySlots, unit: TranslationUnit): SlotProblem | undefined {
  const { map, model } = a.placed;
  const { root } = unit;
  const name = map.name;
  const idField = map.fields.find((f) => f.name === 'id');
  if (idField && evaluate(idField.value, root.macros) === undefined && evaluate(idField.value, model.macros) === undefined) {
    return { messageId: 'idUnknown', data: { name, value: idField.value } };
  }
  // An id under #if decides, build by build, whether the programs land here at all.
  const conditional = map.fields.find((f) => f.name === 'id' && f.condDepth > 0);
  if (conditional && (a.programs.length > 0 || map.fields.filter((f) => f.name === 'id').length > 1)) return { messageId: 'idConditional', data: { name } };
  for (const f of map.fields.filter((x) => x.name === 'valueSize')) {
    const v = evaluate(f.value, root.macros) ?? evaluate(f.value, model.macros);
    if (v !== undefined && v !== 4n) return { messageId: 'valueSize', data: { name, value: f.value } };
  }
  const bySlot = new Map<number, TailProgram[]>();
  for (const p of a.programs) bySlot.set(p.key!, [...(bySlot.get(p.key!) ?? []), p]);
  for (const [key, progs] of bySlot) {
    // Programs in different branches of one #if are never built together: they do not collide.
    const clash = progs.find((p, i) => progs.slice(0, i).some((q) => !exclusiveConditions(p.placed.conditions, q.placed.conditions)));
    if (clash) return { messageId: 'keyCollision', data: { name, key, programs: progs.map((p) => `'${p.name}'${p.header ? ` (${baseName(p.header)})` : ''}`).join(', ') }, program: clash };
  }
  const maxField = map.fields.find((f) => f.name === 'maxEntries');
  const max = maxField ? evaluate(maxField.value, root.macros) ?? evaluate(maxField.value, model.macros) : undefined;
  for (const p of a.programs) {
    if (max !== undefined && (p.key! < 0 || BigInt(p.key!) >= max)) {
      return { messageId: 'keyOutOfRange', data: { name, program: p.name, key: p.keyText, max: maxField!.value === String(max) ? String(max) : `${maxField!.value} (${max})` }, program: p };
    }
  }
  const changed = changedCondition(a, unit);
  if (changed) return { messageId: 'conditionChanges', data: { name, program: changed.program.name, condition: changed.condition, macro: changed.macro }, program: changed.program };
  return undefined;
}

/**
 * A program whose slot lines would test a macro that is defined or undefined between the
 * program and the place the slot is written (the map's declaration, or for a shared prog
 * array the definition after the object's last tail program): the same lines would not mean
 * the same there.
 */
function changedCondition(a: ArraySlots, unit: TranslationUnit): { program: TailProgram; macro: string; condition: string } | undefined {
  const last = Math.max(...a.programs.map((p) => p.placed.order));
  for (const p of a.programs) {
    const extra = extraConditions(a.shared ? [] : a.placed.conditions, p.placed.conditions);
    const names = new Set(extra.flatMap((c) => c.names));
    if (names.size === 0) continue;
    const from = a.shared ? p.placed.order : Math.min(a.placed.order, p.placed.order);
    const to = a.shared ? last : Math.max(a.placed.order, p.placed.order);
    const change = unit.macroChanges.find((c) => c.order > from && c.order < to && names.has(c.name));
    if (change) return { program: p, macro: change.name, condition: extra.map((c) => c.lines[c.lines.length - 1]).join(', ') };
  }
  // The definition of a shared prog array repeats the map's own conditions after the last program.
  if (a.shared && a.programs.length > 0) {
    const names = new Set(a.placed.conditions.flatMap((c) => c.names));
    const change = unit.macroChanges.find((c) => c.order > a.placed.order && c.order < last && names.has(c.name));
    const lastProgram = a.programs.find((p) => p.placed.order === last)!;
    if (change) return { program: lastProgram, macro: change.name, condition: a.placed.conditions.map((c) => c.lines[c.lines.length - 1]).join(', ') };
  }
  return undefined;
}

export function baseName(path: string): string {
  return path.replace(/^.*\//, '');
}
