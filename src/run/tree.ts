/**
 * The pre-pass of a run over a tree: what every object (`.c` file) tells the rules about what it
 * shares with other files, and what the headers they build on migrate on their own. The run then
 * hands these facts to every file's analysis (EngineOptions.tree), so that a shared header and the
 * objects that include it change together or not at all. Objects are read on every thread.
 */
import type { TreeFacts } from '../core/rule.js';
import { collectObjectFactsParallel, processorFor, type ParallelProcessOptions } from './parallel.js';

const HEADER = /\.(h|hh|hpp)$/i;

export async function collectTree(files: string[], opts: ParallelProcessOptions, jobs?: number): Promise<TreeFacts> {
  const objects: TreeFacts['objects'] = [];
  const headers = new Set<string>();
  for (const r of await collectObjectFactsParallel(files.filter((f) => !HEADER.test(f)), opts, jobs)) {
    if (!r) continue;
    objects.push(r.object);
    for (const h of r.legacyHeaders) headers.add(h);
  }
  const tree: TreeFacts = { objects };
  if (objects.length === 0) return tree;
  const proc = processorFor(opts);
  const migrated: Record<string, string[]> = {};
  for (const h of headers) migrated[h] = proc.migratedMaps(h, tree);
  return { objects, migrated };
}
