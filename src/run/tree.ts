/**
 * The pre-pass of a run over a tree: what every object (`.c` file) tells the rules about what it
 * shares with other files, and what the headers they build on migrate on their own. The run then
 * hands these facts to every file's analysis (EngineOptions.tree), so that a shared header and the
 * objects that include it change together or not at all. Objects are read on every thread.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { TreeFacts } from '../core/rule.js';
import { readSource } from '../fs/read-source.js';
import { walk } from '../fs/walk.js';
import { collectObjectFactsParallel, processorFor, type ParallelProcessOptions, type WorkerPool } from './parallel.js';

const HEADER = /\.(h|hh|hpp)$/i;

export async function collectTree(files: string[], opts: ParallelProcessOptions, jobs?: number, pool?: WorkerPool): Promise<TreeFacts> {
  const objects: TreeFacts['objects'] = [];
  const headers = new Set<string>();
  for (const r of await collectObjectFactsParallel(files.filter((f) => !HEADER.test(f)), opts, jobs, pool)) {
    if (!r) continue;
    objects.push(r.object);
    for (const h of r.legacyHeaders) headers.add(h);
  }
  const tree: TreeFacts = { objects };
  if (objects.length === 0) return tree;
  const proc = processorFor(opts);
  // The project's other objects that include these headers: they share them, though the run leaves them out.
  // Read with a build context of their own: the headers they find by path are not the run's to report.
  const outside = processorFor({ ...opts, session: undefined });
  for (const path of outsideIncluders(files, [...headers])) {
    const r = outside.objectFacts(path);
    // Named alike is not enough: the object's own includes must reach one of these very headers.
    if (r && r.legacyHeaders.some((h) => headers.has(h))) objects.push({ ...r.object, outside: true });
  }
  const migrated: Record<string, string[]> = {};
  for (const h of headers) migrated[h] = proc.migratedMaps(h, tree);
  return { objects, migrated };
}

/**
 * `.c` files of the project (the git work tree of the headers, or the directories of the run) that are
 * not in the run and include one of `headers` by name: objects that share what the run would change.
 */
function outsideIncluders(files: string[], headers: string[]): string[] {
  if (headers.length === 0) return [];
  const given = new Set(files.map((f) => resolve(f)));
  const roots = new Set<string>();
  // The run's common directory, widened to reach each header (paths split once, not once per header).
  let givenDir: string | undefined;
  for (const h of headers) roots.add(gitTop(dirname(h)) ?? commonDir([join((givenDir ??= commonDir([...given])), 'x'), h]));
  const names = headers.map((h) => h.replace(/^.*\//, ''));
  const out: string[] = [];
  for (const path of walk([...roots]).files) {
    const abs = resolve(path);
    if (!abs.endsWith('.c') || given.has(abs)) continue;
    const read = readSource(abs);
    if (read.ok && names.some((n) => read.text.includes(n)) && /#\s*include/.test(read.text)) out.push(abs);
  }
  return out;
}

const gitTops = new Map<string, string | undefined>();

/**
 * The git work tree a directory belongs to: the nearest directory up from it that holds `.git` (a
 * directory, or the file of a worktree or submodule). Looked up on disk, once per directory: a
 * `git rev-parse` per header directory cost a process each (up to 137 on the dense bench).
 */
function gitTop(dir: string): string | undefined {
  if (gitTops.has(dir)) return gitTops.get(dir);
  const parent = dirname(dir);
  const top = existsSync(join(dir, '.git')) ? dir : parent === dir ? undefined : gitTop(parent);
  gitTops.set(dir, top);
  return top;
}

function commonDir(paths: string[]): string {
  const parts = paths.map((p) => dirname(p).split('/'));
  const first = parts[0];
  let n = 0;
  while (n < first.length && parts.every((p) => p[n] === first[n])) n++;
  return first.slice(0, n).join('/') || '/';
}
