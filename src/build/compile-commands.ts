/**
 * The compilation database (`compile_commands.json`, as bear, CMake and meson write it): which
 * flags each object of the build is compiled with. A file listed several times is one source
 * built several ways (Cilium compiles bpf_lxc.c under many configurations); each entry is kept.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const DATABASE_NAME = 'compile_commands.json';

export interface CompileEntry {
  /** Absolute path of the source. */
  file: string;
  /** Directory the command runs in (relative paths in it are relative to this). */
  directory: string;
  /** The command as an argument array, compiler first. */
  arguments: string[];
  /** 1-based position among the entries of the same file. */
  ordinal: number;
  /** How many entries the file has. */
  of: number;
}

/** What of an entry's command matters for reading and compiling the source. */
export interface EntryFlags {
  /** Header search options in command order, directories absolute: `-I`, `-iquote`, `-isystem`, `-idirafter`. */
  search: [flag: string, dir: string][];
  /** `-DNAME[=VAL]` and `-UNAME`, in command order, spelled as clang takes them. */
  macros: string[];
  /** `-include FILE` / `-imacros FILE`, absolute. */
  forced: [flag: string, file: string][];
  std?: string;
  /** Code generation that changes the object: `-O*`, `-mcpu=`, `-target`, `-g*`, `-f*`. */
  codegen: string[];
}

export class DatabaseError extends Error {}

/** Split a shell-like command line (quotes and backslashes), as the `command` form of an entry needs. */
export function splitCommandLine(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let q: '"' | "'" | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) {
      if (c === q) q = undefined;
      else if (c === '\\' && q === '"' && i + 1 < s.length) cur += s[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      q = c;
      has = true;
    } else if (c === '\\' && i + 1 < s.length) {
      cur += s[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

const SEARCH = ['-I', '-iquote', '-isystem', '-idirafter'];
const FORCED = ['-include', '-imacros'];

/** Reads an entry's command (its first argument is the compiler). */
export function entryFlags(entry: Pick<CompileEntry, 'arguments' | 'directory'>): EntryFlags {
  const flags: EntryFlags = { search: [], macros: [], forced: [], codegen: [] };
  const args = entry.arguments.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    // Joined (`-Iinc`) or separate (`-I inc`); no option of one list is a prefix of another's.
    const search = SEARCH.find((o) => a.startsWith(o));
    if (search) {
      const dir = a === search ? args[++i] : a.slice(search.length);
      if (dir !== undefined) flags.search.push([search, resolve(entry.directory, dir)]);
      continue;
    }
    const forced = FORCED.find((o) => a.startsWith(o));
    if (forced) {
      const file = a === forced ? args[++i] : a.slice(forced.length);
      if (file !== undefined) flags.forced.push([forced, resolve(entry.directory, file)]);
      continue;
    }
    if (a === '-D' || a === '-U') {
      if (args[i + 1] !== undefined) flags.macros.push(a + args[++i]);
    } else if (a.startsWith('-D') || a.startsWith('-U')) flags.macros.push(a);
    else if (a.startsWith('-std=')) flags.std = a;
    else if (a === '-target' && args[i + 1] !== undefined) flags.codegen.push(a, args[++i]);
    else if (/^(-O\w*|-mcpu=.*|--target=.*|-g\w*|-f(?!color|diagnostics|message)[\w-]+(=.*)?)$/.test(a)) flags.codegen.push(a);
  }
  return flags;
}

/** The entry's flags as clang arguments: what `verify` adds to its own defaults to compile as the build does. */
export function clangArguments(f: EntryFlags): string[] {
  return [...f.codegen, ...(f.std ? [f.std] : []), ...f.search.flat(), ...f.macros, ...f.forced.flat()];
}

/** What tells the entries of one file apart, for labels (`-DENABLE_IPV6 -DLXC_ID=7`), or `#N`. */
export function entryLabel(entry: CompileEntry, siblings: CompileEntry[]): string {
  if (entry.of <= 1) return '';
  const own = entryFlags(entry).macros;
  const common = siblings.map((s) => new Set(entryFlags(s).macros)).reduce((a, b) => new Set([...a].filter((m) => b.has(m))));
  const distinct = own.filter((m) => !common.has(m));
  return distinct.length > 0 ? distinct.join(' ') : `entry ${entry.ordinal} of ${entry.of}`;
}

export class CompilationDatabase {
  private readonly byFile = new Map<string, CompileEntry[]>();

  private constructor(readonly path: string, raw: unknown) {
    if (!Array.isArray(raw)) throw new DatabaseError(`${path}: not a JSON array of compile commands`);
    const dir = dirname(path);
    for (const e of raw as { directory?: unknown; file?: unknown; arguments?: unknown; command?: unknown }[]) {
      if (!e || typeof e.file !== 'string') continue;
      const directory = resolve(dir, typeof e.directory === 'string' ? e.directory : '.');
      const args = Array.isArray(e.arguments) ? e.arguments.map(String) : typeof e.command === 'string' ? splitCommandLine(e.command) : [];
      const file = resolve(directory, e.file);
      const list = this.byFile.get(file) ?? [];
      list.push({ file, directory, arguments: args, ordinal: list.length + 1, of: 0 });
      this.byFile.set(file, list);
    }
    for (const list of this.byFile.values()) for (const e of list) e.of = list.length;
  }

  static load(path: string): CompilationDatabase {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new DatabaseError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    try {
      return new CompilationDatabase(resolve(path), JSON.parse(text));
    } catch (e) {
      if (e instanceof DatabaseError) throw e;
      throw new DatabaseError(`${path} is not valid JSON: ${(e as Error).message}`);
    }
  }

  /** The entries that compile `file` (absolute or relative to cwd), in database order; empty when none does. */
  entriesFor(file: string): CompileEntry[] {
    return this.byFile.get(resolve(file)) ?? [];
  }

  get size(): number {
    return this.byFile.size;
  }
}

function isDirectory(p: string): boolean {
  try { return statSync(p).isDirectory(); } catch { return false; }
}

/**
 * Where the database is: `-p DIR` (clang-tidy's spelling: the build directory holding it) or
 * `--compile-commands FILE` (either may name the other kind); else `compile_commands.json` in a
 * root or a directory above it, or in their `build/`. Throws DatabaseError when a given path holds none.
 */
export function locateDatabase(given: string | undefined, roots: string[], cwd: string): string | undefined {
  if (given !== undefined) {
    const p = resolve(cwd, given);
    const file = isDirectory(p) ? join(p, DATABASE_NAME) : p;
    if (!existsSync(file)) throw new DatabaseError(`${given}: no ${isDirectory(p) ? `${DATABASE_NAME} in this directory` : 'such file'}; produce one with \`bear -- make\` or CMake's -DCMAKE_EXPORT_COMPILE_COMMANDS=ON`);
    return file;
  }
  // As clangd looks: the root and each directory above it, and their build/.
  for (const root of roots) {
    const abs = resolve(cwd, root);
    for (let dir = isDirectory(abs) ? abs : dirname(abs); ; dir = dirname(dir)) {
      for (const candidate of [join(dir, DATABASE_NAME), join(dir, 'build', DATABASE_NAME)]) if (existsSync(candidate)) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  return undefined;
}

export function describeDatabase(db: CompilationDatabase, cwd: string): string {
  const rel = db.path.startsWith(cwd + '/') ? db.path.slice(cwd.length + 1) : db.path;
  return `${rel} (${db.size} ${db.size === 1 ? 'source' : 'sources'})`;
}
