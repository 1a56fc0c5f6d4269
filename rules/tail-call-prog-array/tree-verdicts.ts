/**
 * Decisions that span files. A prog array declared in a shared header, and a tail-call program
 * defined in one, belong to every object that includes the header: each is migrated only when
 * every such object can wire it, and a program stays legacy when any prog array it fills
 * stays legacy (else that object would lose the slot). Every file of a run computes the same
 * verdicts from the same object facts, so the header and its includers change together or not at all.
 */
import type { TreeFacts } from '../../src/core/rule.js';
import { libbpfProgramType } from '../../src/core/programs.js';
import { baseName } from './unit-slots.js';

export const RULE_ID = 'tail-call-prog-array';

/** What the rule records of one object before the run (plain data: it crosses threads). */
export interface TailFacts {
  /** The section name of the object's entry programs, when it has any. */
  entry?: string;
  /** Prog arrays of the object that are declared in a header or hold programs from one. */
  arrays: { key: string; header?: string; name: string; problem?: string; programs: string[] }[];
  /** Tail-call programs of headers the object compiles, as `header\0name`. */
  headerPrograms: string[];
}

export interface Blame { object: string; reason: string }

export type HeaderSection = { name: string; typeFromLoader: boolean; chosenFrom?: string[] } | { problem: 'noEntryProgram' | 'mixedEntryTypes'; detail: string };

export interface TreeVerdicts {
  /** Prog arrays (by key) that stay legacy, and why. */
  blockedArrays: Map<string, Blame>;
  /** Header programs (by key) that keep their legacy section, and why. */
  blockedPrograms: Map<string, Blame>;
  /** Objects that hold each array, by key. */
  holders: Map<string, string[]>;
  /** Objects that compile each header program, by key. */
  compilers: Map<string, string[]>;
  /** Header programs some object puts in a slot. */
  slotted: Set<string>;
  /** The section a header's tail-call programs take, by header path. */
  sections: Map<string, HeaderSection>;
}

export function programKey(header: string, name: string): string {
  return `${header}\0${name}`;
}

function add<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v); else m.set(k, [v]);
}

/**
 * The section for a header's tail-call programs, from the entry sections of the objects that
 * compile them: one libbpf knows wins when they agree on the program type; when none is known
 * (Cilium's "from-container", "from-netdev"), the most common spelling, since the loader sets
 * the type of every program anyway.
 */
function headerSection(entries: { object: string; entry?: string }[], override?: string): HeaderSection {
  if (override) return { name: override, typeFromLoader: libbpfProgramType(override) === undefined };
  const named = entries.filter((e): e is { object: string; entry: string } => e.entry !== undefined).sort((a, b) => (a.object < b.object ? -1 : 1));
  if (named.length === 0) return { problem: 'noEntryProgram', detail: entries.map((e) => baseName(e.object)).join(', ') };
  const known = named.filter((e) => libbpfProgramType(e.entry) !== undefined);
  const types = new Set(known.map((e) => libbpfProgramType(e.entry)));
  if (types.size > 1) return { problem: 'mixedEntryTypes', detail: [...new Set(known.map((e) => `"${e.entry}" (${baseName(e.object)})`))].join(', ') };
  if (known.length > 0) return { name: known[0].entry, typeFromLoader: false };
  const counts = new Map<string, number>();
  for (const e of named) counts.set(e.entry, (counts.get(e.entry) ?? 0) + 1);
  const best = [...counts].sort((a, b) => b[1] - a[1])[0][0];
  return { name: best, typeFromLoader: true, chosenFrom: counts.size > 1 ? [...counts.keys()] : undefined };
}

/**
 * @param migrated for headers already analysed, the maps their own analysis migrates: a shared
 * prog array that its header keeps legacy (custom pinning, a field no rule translates) is blocked everywhere.
 */
const computed = new WeakMap<TreeFacts, Map<string, TreeVerdicts>>();

/** The verdicts of a tree, computed once per tree (every file of a run asks for the same ones). */
export function treeVerdicts(tree: TreeFacts | undefined, override?: string, migrated?: Record<string, string[]>): TreeVerdicts {
  if (!tree) return verdictsOf(undefined, override, migrated);
  let byOptions = computed.get(tree);
  if (!byOptions) { byOptions = new Map(); computed.set(tree, byOptions); }
  const key = `${override ?? ''}\0${migrated === tree.migrated ? '' : JSON.stringify(migrated ?? null)}`;
  let v = byOptions.get(key);
  if (!v) { v = verdictsOf(tree, override, migrated); byOptions.set(key, v); }
  return v;
}

function verdictsOf(tree: TreeFacts | undefined, override?: string, migrated?: Record<string, string[]>): TreeVerdicts {
  const v: TreeVerdicts = { blockedArrays: new Map(), blockedPrograms: new Map(), holders: new Map(), compilers: new Map(), slotted: new Set(), sections: new Map() };
  const objects = (tree?.objects ?? []).map((o) => ({ path: o.path, outside: o.outside, facts: o.facts[RULE_ID] as TailFacts | undefined }))
    .filter((o): o is { path: string; outside: boolean | undefined; facts: TailFacts } => o.facts !== undefined)
    // Objects left out of the run speak first: theirs is the reason the others inherit.
    .sort((a, b) => Number(Boolean(b.outside)) - Number(Boolean(a.outside)));
  const entriesByHeader = new Map<string, { object: string; entry?: string }[]>();
  for (const { path, outside, facts } of objects) {
    for (const a of facts.arrays) {
      // An object left out of the run would keep legacy tail calls into a map that is no longer legacy.
      if (outside) {
        if (!v.blockedArrays.has(a.key)) v.blockedArrays.set(a.key, { object: path, reason: `the object includes the header too but is not among the files of this run (run bpf-migrate over the whole tree)` });
        continue;
      }
      add(v.holders, a.key, path);
      for (const p of a.programs) v.slotted.add(p);
      if (a.problem && !v.blockedArrays.has(a.key)) v.blockedArrays.set(a.key, { object: path, reason: a.problem });
      if (a.header && migrated?.[a.header] && !migrated[a.header].includes(a.name) && !v.blockedArrays.has(a.key)) {
        v.blockedArrays.set(a.key, { object: a.header, reason: `its header keeps it as it is (see the diagnostics for ${baseName(a.header)})` });
      }
    }
    const headers = new Set<string>();
    if (outside) {
      for (const p of facts.headerPrograms) if (!v.blockedPrograms.has(p)) v.blockedPrograms.set(p, { object: path, reason: `${baseName(path)} compiles it too but is not among the files of this run` });
      continue;
    }
    for (const p of facts.headerPrograms) {
      add(v.compilers, p, path);
      headers.add(p.slice(0, p.indexOf('\0')));
    }
    for (const h of headers) add(entriesByHeader, h, { object: path, entry: facts.entry });
  }
  for (const [header, entries] of entriesByHeader) v.sections.set(header, headerSection(entries, override));
  for (const [p, objs] of v.compilers) {
    const section = v.sections.get(p.slice(0, p.indexOf('\0')));
    if (section && 'problem' in section && v.slotted.has(p)) v.blockedPrograms.set(p, { object: objs[0], reason: `no section can be chosen for it (${section.problem === 'noEntryProgram' ? `no entry program in ${section.detail}` : `entry programs of different types: ${section.detail}`})` });
  }
  // A blocked array keeps its programs legacy; a legacy program blocks every array it fills.
  for (let changed = true; changed;) {
    changed = false;
    for (const { path, facts } of objects) {
      for (const a of facts.arrays) {
        const arrayBlame = v.blockedArrays.get(a.key);
        for (const p of a.programs) {
          if (arrayBlame && !v.blockedPrograms.has(p)) {
            v.blockedPrograms.set(p, { object: path, reason: `prog array '${a.name}' cannot be migrated in object ${baseName(path)}` });
            changed = true;
          }
          const programBlame = v.blockedPrograms.get(p);
          if (programBlame && !v.blockedArrays.has(a.key)) {
            v.blockedArrays.set(a.key, { object: programBlame.object, reason: `program '${p.slice(p.indexOf('\0') + 1)}' of ${baseName(p.slice(0, p.indexOf('\0')))} keeps its legacy section: ${programBlame.reason}` });
            changed = true;
          }
        }
      }
    }
  }
  return v;
}
