/**
 * Tree cases: `corpus/trees/<case>/input/` (a project as it comes), `output/` (only the files a
 * run over it changes, byte for byte) and `case.json` (how the run is made, the objects it
 * builds, and what a refused case must report). Decisions that span files (a prog array in a
 * shared header, tail-call programs in headers) can only be shown this way.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CORPUS_INCLUDE, ROOT } from './corpus.js';

export const TREES = join(ROOT, 'corpus', 'trees');

export interface TreeCase {
  name: string;
  dir: string;
  input: string;
  output: string;
  /** Extra CLI arguments; `{include}` stands for the corpus include directory, relative paths are under the tree. */
  args: string[];
  /** The `.c` files that are objects: each must compile and load equivalent to its legacy version. */
  objects: string[];
  progType?: string;
  /** Two objects that share a pinned prog array: loaded one after the other, the map holds the slots of both. */
  pinnedPair?: [string, string];
  /** For a refused case: `rule/messageId severity` the run must report; then no file changes. */
  expect?: string[];
}

export function treeCases(): TreeCase[] {
  if (!existsSync(TREES)) return [];
  return readdirSync(TREES).filter((n) => statSync(join(TREES, n)).isDirectory()).sort().map((name) => {
    const dir = join(TREES, name);
    const config = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as Omit<TreeCase, 'name' | 'dir' | 'input' | 'output'>;
    return { name, dir, input: join(dir, 'input'), output: join(dir, 'output'), ...config };
  });
}

/** A private copy of the case's input tree. */
export function copyInput(c: TreeCase): string {
  const dir = mkdtempSync(join(tmpdir(), `bpf-migrate-tree-${c.name}-`));
  cpSync(c.input, dir, { recursive: true });
  return dir;
}

export function cliArgs(c: TreeCase, root: string): string[] {
  return c.args.map((a) => (a === '{include}' ? CORPUS_INCLUDE : a.startsWith('-') || a === '' ? a : join(root, a)));
}

/** Every file under `dir`, relative to it. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p); else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}
