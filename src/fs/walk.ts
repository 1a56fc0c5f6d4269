/**
 * Expands the paths given on the command line into C sources and headers, recursing into
 * directories, skipping .git, node_modules and what .gitignore files ignore. Output is
 * sorted by path so runs are stable whatever the directory order.
 */
import { readdirSync, readFileSync, statSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface WalkProblem {
  path: string;
  reason: string;
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

export function walk(paths: string[]): WalkResult {
  const files = new Set<string>();
  const problems: WalkProblem[] = [];
  const visitedDirs = new Set<string>();

  const visitDir = (dir: string, rules: IgnoreRule[]) => {
    let real: string;
    try { real = realpathSync(dir); } catch (e) { problems.push({ path: dir, reason: (e as Error).message }); return; }
    if (visitedDirs.has(real)) { problems.push({ path: dir, reason: 'directory already visited (symlink loop)' }); return; }
    visitedDirs.add(real);
    let local = rules;
    try {
      local = [...rules, ...parseGitignore(readFileSync(join(dir, '.gitignore'), 'utf8'), dir)];
    } catch { /* no .gitignore here */ }
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problems.push({ path: dir, reason: `cannot read directory: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      return;
    }
    for (const ent of entries) {
      const full = join(dir, ent.name);
      let isDir = ent.isDirectory();
      let isFile = ent.isFile();
      if (ent.isSymbolicLink()) {
        try { const st = statSync(full); isDir = st.isDirectory(); isFile = st.isFile(); } catch { problems.push({ path: full, reason: 'dangling symbolic link' }); continue; }
      }
      if (isDir) {
        if (SKIP_DIRS.has(ent.name) || ignored(local, full, true)) continue;
        visitDir(full, local);
      } else if (isFile && SOURCE.test(ent.name) && !ignored(local, full, false)) {
        files.add(full);
      }
    }
  };

  for (const p of paths) {
    let st;
    try { st = statSync(p); } catch (e) {
      problems.push({ path: p, reason: `cannot access: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      continue;
    }
    if (st.isDirectory()) visitDir(p, []);
    else files.add(p);
  }
  return { files: [...files].sort(), problems };
}
