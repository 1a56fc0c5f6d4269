/**
 * Expands the paths given on the command line into C sources and headers, recursing into
 * directories, skipping .git, node_modules and what .gitignore files ignore, and not following
 * links to directories unless asked (`--follow`). Output is
 * sorted by path so runs are stable whatever the directory order.
 */
import { lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileKind, notReadableSource, readRegularFile } from './read-source.js';

/** `fatal`: a path named on the command line cannot be used; `error`: a directory could not be read; `skip`: left out, with a note. */
export interface WalkProblem {
  path: string;
  reason: string;
  kind: 'fatal' | 'error' | 'skip';
}

export interface WalkResult {
  files: string[];
  problems: WalkProblem[];
}

const SOURCE = /\.(c|h)$/;
const SKIP_DIRS = new Set(['.git', 'node_modules']);

interface IgnoreRule {
  base: string;
  regex: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        out += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
        i += glob[i + 2] === '/' ? 2 : 1;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i);
      if (close < 0) out += '\\[';
      else { out += glob.slice(i, close + 1).replace('[!', '[^'); i = close; }
    } else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return out;
}

export function parseGitignore(text: string, base: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (let line of text.split(/\r?\n/)) {
    if (!line.trim() || line.startsWith('#')) continue;
    line = line.replace(/(?<!\\)\s+$/, '');
    let negate = false;
    if (line.startsWith('!')) { negate = true; line = line.slice(1); }
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    const body = globToRegex(line);
    rules.push({ base, negate, dirOnly, regex: new RegExp(anchored ? `^${body}$` : `(?:^|/)${body}$`) });
  }
  return rules;
}

function ignored(rules: IgnoreRule[], path: string, isDir: boolean): boolean {
  let result = false;
  for (const r of rules) {
    if (r.dirOnly && !isDir) continue;
    const rel = relative(r.base, path).split(sep).join('/');
    if (rel.startsWith('..')) continue;
    if (r.regex.test(rel)) result = !r.negate;
  }
  return result;
}

export interface WalkOptions {
  /** Follow symbolic links to directories (`--follow`); off by default, as in ripgrep and git. */
  follow?: boolean;
}

/**
 * Lists the C sources and headers under `paths`. Links to files are followed (the file they point
 * to is the one migrated); links to directories only with `follow`. What a walk meets and cannot
 * use (a dangling link, a link loop, a FIFO named like a source) is skipped with a note; a path
 * named on the command line that does not exist or is not a regular file or directory is fatal.
 */
export function walk(paths: string[], options: WalkOptions = {}): WalkResult {
  const files = new Set<string>();
  const problems: WalkProblem[] = [];
  const visitedDirs = new Set<string>();
  const idOf = (st: { dev: number; ino: number }) => `${st.dev}:${st.ino}`;

  /** `ancestors`: the directories (dev:ino) on the way here, to tell a link loop from a directory reached twice. */
  const visitDir = (dir: string, rules: IgnoreRule[], ancestors: Set<string>) => {
    let st;
    try { st = statSync(dir); } catch (e) { problems.push({ path: dir, kind: 'error', reason: `cannot access: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }); return; }
    const id = idOf(st);
    if (ancestors.has(id)) { problems.push({ path: dir, kind: 'skip', reason: 'symbolic link loop (it leads back to a directory above it)' }); return; }
    // Reached again through another link (--follow): its files are listed already.
    if (visitedDirs.has(id)) return;
    visitedDirs.add(id);
    const below = new Set(ancestors).add(id);
    let local = rules;
    const ignoreFile = readRegularFile(join(dir, '.gitignore'), 1024 * 1024);
    if (ignoreFile.ok) local = [...rules, ...parseGitignore(ignoreFile.bytes.toString('utf8'), dir)];
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problems.push({ path: dir, kind: 'error', reason: `cannot read directory: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      return;
    }
    // In name order, so that which name of a directory reached twice is listed does not depend on the file system.
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      const full = join(dir, ent.name);
      let target: Stats | undefined;
      if (ent.isSymbolicLink()) {
        try { target = statSync(full); } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (SOURCE.test(ent.name) || options.follow) problems.push({ path: full, kind: 'skip', reason: code === 'ELOOP' ? 'symbolic link loop' : 'dangling symbolic link' });
          continue;
        }
        if (target.isDirectory() && !options.follow) continue;
      }
      const isDir = target ? target.isDirectory() : ent.isDirectory();
      if (isDir) {
        if (SKIP_DIRS.has(ent.name) || ignored(local, full, true)) continue;
        visitDir(full, local, below);
      } else if (SOURCE.test(ent.name) && !ignored(local, full, false)) {
        const isFile = target ? target.isFile() : ent.isFile();
        if (isFile) files.add(full);
        else problems.push({ path: full, kind: 'skip', reason: `${fileKind(target ?? lstatSync(full))}, not a regular file` });
      }
    }
  };

  for (const p of paths) {
    let st;
    try { st = statSync(p); } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const dangling = code === 'ENOENT' && lstatSync(p, { throwIfNoEntry: false })?.isSymbolicLink();
      problems.push({ path: p, kind: 'fatal', reason: dangling ? 'dangling symbolic link' : `cannot access: ${code ?? (e as Error).message}` });
      continue;
    }
    if (st.isDirectory()) { visitDir(p, [], new Set()); continue; }
    // Size is checked when the file is read (an error for that file, not for the run).
    const why = notReadableSource(p, st, Infinity);
    if (why) problems.push({ path: p, kind: 'fatal', reason: why });
    else files.add(p);
  }
  return { files: [...files].sort(), problems };
}
