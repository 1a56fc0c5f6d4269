/**
 * Headers of the project found without -I, as an IDE's index finds them: an `#include` that the
 * include path does not resolve is looked up by path suffix among the headers under the given
 * roots, then among those of the enclosing git work tree. A unique match is taken and its
 * directory reported as an inferred -I; several matches are reported and none is taken (which
 * one the build means is the user's decision).
 */
import { execFileSync } from 'node:child_process';
import { realpathSync, statSync } from 'node:fs';
import { dirname, join, posix, resolve, sep } from 'node:path';
import { walk } from './walk.js';

export type SuffixMatch =
  | { kind: 'unique'; path: string; dir: string }
  | { kind: 'ambiguous'; candidates: string[] }
  | { kind: 'none' };

/** Headers by base name, for one tier of the search (the roots, then the git work tree). */
type Tier = Map<string, string[]>;

const HEADER = /\.(h|hh|hpp|inc)$/i;

function addHeader(tier: Tier, path: string): void {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const list = tier.get(base);
  if (list) { if (!list.includes(path)) list.push(path); } else tier.set(base, [path]);
}

function directoryOf(path: string): string | undefined {
  try {
    return statSync(path).isDirectory() ? resolve(path) : dirname(resolve(path));
  } catch {
    return undefined;
  }
}

/** Headers git knows in the work tree around `dir` (tracked, and untracked but not ignored). */
function gitHeaders(dir: string): string[] {
  try {
    const top = execFileSync('git', ['-C', dir, 'rev-parse', '--show-toplevel'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const out = execFileSync('git', ['-C', top, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 512 << 20 });
    return out.split('\0').filter((f) => HEADER.test(f)).map((f) => join(top, f));
  } catch {
    return [];
  }
}

/** A spec as a clean relative path (`./a//b.h` → `a/b.h`); undefined for specs a suffix cannot stand for. */
function normaliseSpec(spec: string): string | undefined {
  if (spec.startsWith('/') || spec.includes('\\')) return undefined;
  const norm = posix.normalize(spec);
  // `../x.h` names a place relative to the includer, not a header anywhere in the tree.
  if (norm.startsWith('..') || norm === '.') return undefined;
  return norm;
}

/** Real paths, so that a header reached through a symlink and directly counts once. */
function distinctFiles(paths: string[]): string[] {
  const seen = new Map<string, string>();
  for (const p of [...paths].sort()) {
    let real = p;
    try { real = realpathSync(p); } catch { /* keep the path */ }
    if (!seen.has(real)) seen.set(real, p);
  }
  return [...seen.values()];
}

export class HeaderIndex {
  private tiers?: Tier[];
  private readonly answers = new Map<string, SuffixMatch>();

  /** @param roots the paths given on the command line (files stand for their directory) */
  constructor(private readonly roots: string[]) {}

  private build(): Tier[] {
    const dirs = [...new Set(this.roots.map(directoryOf).filter((d): d is string => d !== undefined))];
    const underRoots: Tier = new Map();
    // The walk skips .git, node_modules and what .gitignore ignores; its problems are the main walk's to report.
    for (const f of walk(dirs).files) if (HEADER.test(f)) addHeader(underRoots, resolve(f));
    const inGit: Tier = new Map();
    for (const top of new Set(dirs)) for (const f of gitHeaders(top)) addHeader(inGit, f);
    return [underRoots, inGit];
  }

  /** The header `spec` names, by unique path suffix: the roots first, then the git work tree. */
  lookup(spec: string): SuffixMatch {
    let answer = this.answers.get(spec);
    if (answer) return answer;
    answer = this.search(spec);
    this.answers.set(spec, answer);
    return answer;
  }

  private search(spec: string): SuffixMatch {
    const rel = normaliseSpec(spec);
    if (rel === undefined) return { kind: 'none' };
    this.tiers ??= this.build();
    const base = rel.slice(rel.lastIndexOf('/') + 1);
    const suffix = `${sep}${rel.split('/').join(sep)}`;
    for (const tier of this.tiers) {
      const matches = distinctFiles((tier.get(base) ?? []).filter((p) => p.endsWith(suffix)));
      if (matches.length === 1) return { kind: 'unique', path: matches[0], dir: matches[0].slice(0, -suffix.length) || sep };
      if (matches.length > 1) return { kind: 'ambiguous', candidates: matches };
    }
    return { kind: 'none' };
  }
}
