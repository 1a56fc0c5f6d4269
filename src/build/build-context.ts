/**
 * The build context of each file for migration: which headers it sees and which macros the
 * command line defines. From `-I`, the compilation database's entry for the file, and the
 * headers found by path suffix when neither names their directory.
 */
import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import { HeaderCache, type ResolvedSource, type SourceProvider } from '../core/headers.js';
import type { FileModel } from '../core/file.js';
import { FsIncludeProvider } from '../fs/include-provider.js';
import { HeaderIndex } from '../fs/header-index.js';
import { CompilationDatabase, entryFlags, type EntryFlags } from './compile-commands.js';

export interface BuildContextOptions {
  /** `-I` directories given to bpf-migrate. */
  includeDirs: string[];
  /** Paths given on the command line: headers not on the include path are looked up under them (and their git work tree). */
  headerRoots?: string[];
  /** Path of the compilation database to read each file's flags from. */
  compileCommands?: string;
  /** `-D NAME[=VAL]` given to bpf-migrate: after the database's, as a later -D on clang's command line. */
  defines?: string[];
}

/** What the header search inferred while reading files (reported once per run). */
export interface HeaderSearchReport {
  /** Directories that resolved an include by path suffix: the `-I` the user did not pass. */
  inferred: string[];
  /** Includes whose suffix matches several headers, with the candidates; none was read. */
  ambiguous: { spec: string; candidates: string[] }[];
}

/** How one file is read: its provider and header cache, and what its command line puts before its own includes. */
export interface FileContext {
  provider: SourceProvider;
  headerCache: HeaderCache;
  forcedIncludes: { spec: string; angled: boolean }[];
}

const COMMAND_LINE = '<command line>';

/** Source characters of pre-pass models kept per thread: a model takes about six times its text in memory (some 100 MB). */
const EARLY_MODEL_CHARS = 16 * 1024 * 1024;

/** `-DNAME`, `-DNAME=VAL`, `-DF(x)=x`, `-UNAME` in order, as `#define` lines (what clang's predefines buffer holds). */
export function commandLineDefines(macros: string[]): string {
  const defs = new Map<string, string>();
  for (const m of macros) {
    const body = m.slice(2);
    const name = /^[A-Za-z_]\w*/.exec(body)?.[0];
    if (!name) continue;
    if (m.startsWith('-U')) { defs.delete(name); continue; }
    const eq = body.indexOf('=');
    defs.set(name, eq < 0 ? `#define ${body} 1` : `#define ${body.slice(0, eq)} ${body.slice(eq + 1)}`);
  }
  return [...defs.values()].map((l) => `${l}\n`).join('');
}

/** Entries of one file read together: only what every entry agrees on is certain when the text is migrated once for all. */
export function commonFlags(all: EntryFlags[]): EntryFlags {
  const [first, ...rest] = all;
  const inAll = <T>(pick: (f: EntryFlags) => T[], key: (t: T) => string) =>
    pick(first).filter((t) => rest.every((f) => pick(f).some((u) => key(u) === key(t))));
  return {
    search: inAll((f) => f.search, (t) => t.join('\0')),
    macros: inAll((f) => f.macros, (t) => t),
    forced: inAll((f) => f.forced, (t) => t.join('\0')),
    std: rest.every((f) => f.std === first.std) ? first.std : undefined,
    codegen: [],
  };
}

/** Resolves includes on the include path, then by path suffix; also the command line's own sources. */
class IndexedProvider implements SourceProvider {
  private readonly cache = new Map<string, ResolvedSource | null>();

  constructor(
    private readonly base: FsIncludeProvider,
    private readonly context: BuildContext,
    private readonly virtual: ReadonlyMap<string, ResolvedSource>,
  ) {}

  resolveInclude(spec: string, angled: boolean, fromPath: string | undefined): ResolvedSource | undefined {
    const own = this.virtual.get(spec);
    if (own) return own;
    if (spec.startsWith('/')) return this.context.absolute(spec);
    const hit = this.base.resolveInclude(spec, angled, fromPath);
    if (hit) return hit;
    let found = this.cache.get(spec);
    if (found === undefined) {
      found = this.context.bySuffix(spec) ?? null;
      this.cache.set(spec, found);
    }
    return found ?? undefined;
  }
}

export class BuildContext {
  private readonly database?: CompilationDatabase;
  private readonly index?: HeaderIndex;
  /** One provider and header cache per include path: a header's facts depend on where its own includes resolve. */
  private readonly byIncludePath = new Map<string, { base: FsIncludeProvider; headerCache: HeaderCache }>();
  private readonly dirProviders = new Map<string, FsIncludeProvider>();
  private readonly virtual = new Map<string, ResolvedSource>();
  private readonly inferred = new Set<string>();
  private readonly ambiguous = new Map<string, string[]>();
  private reported = { inferred: 0, ambiguous: 0 };

  /**
   * Models of objects the tree pre-pass built on this thread, for the run over the files to take
   * (once each) instead of building them again; within a budget of source text, so that memory
   * stays bounded on large trees.
   */
  private readonly earlyModels = new Map<string, FileModel>();
  private earlyChars = 0;

  keepModel(path: string, model: FileModel): void {
    if (this.earlyModels.has(path) || this.earlyChars + model.text.length > EARLY_MODEL_CHARS) return;
    this.earlyModels.set(path, model);
    this.earlyChars += model.text.length;
  }

  takeModel(path: string): FileModel | undefined {
    const model = this.earlyModels.get(path);
    if (!model) return undefined;
    this.earlyModels.delete(path);
    this.earlyChars -= model.text.length;
    return model;
  }

  constructor(private readonly opts: BuildContextOptions) {
    if (opts.compileCommands) this.database = CompilationDatabase.load(opts.compileCommands);
    if (opts.headerRoots && opts.headerRoots.length > 0) this.index = new HeaderIndex(opts.headerRoots);
  }

  forFile(path: string): FileContext {
    const entries = this.database?.entriesFor(path) ?? [];
    const flags = entries.length > 0 ? commonFlags(entries.map(entryFlags)) : undefined;
    const includeDirs = [...(flags?.search.map(([, dir]) => dir) ?? []), ...this.opts.includeDirs];
    const key = includeDirs.join('\0');
    let shared = this.byIncludePath.get(key);
    if (!shared) {
      shared = { base: new FsIncludeProvider(includeDirs), headerCache: new HeaderCache() };
      this.byIncludePath.set(key, shared);
    }
    const forcedIncludes: FileContext['forcedIncludes'] = [];
    const macros = [...(flags?.macros ?? []), ...(this.opts.defines ?? []).map((d) => `-D${d}`)];
    if (macros.length > 0) {
      const text = commandLineDefines(macros);
      const spec = `${COMMAND_LINE} ${createHash('sha1').update(text).digest('hex').slice(0, 12)}`;
      // Marked system: definitions, never a project header to migrate or to report as unreadable.
      if (!this.virtual.has(spec)) this.virtual.set(spec, { path: spec, text, system: true });
      forcedIncludes.push({ spec, angled: false });
    }
    for (const [, file] of flags?.forced ?? []) forcedIncludes.push({ spec: file, angled: false });
    return { provider: new IndexedProvider(shared.base, this, this.virtual), headerCache: shared.headerCache, forcedIncludes };
  }

  /** A file named by its absolute path (`-include /abs/config.h`). */
  absolute(path: string): ResolvedSource | undefined {
    return this.inDir('/').resolveInclude(path.slice(1), true, undefined);
  }

  /** The header an include names by unique path suffix in the tree; records what it inferred. */
  bySuffix(spec: string): ResolvedSource | undefined {
    const match = this.index?.lookup(spec);
    if (!match || match.kind === 'none') return undefined;
    if (match.kind === 'ambiguous') {
      this.ambiguous.set(spec, match.candidates);
      return undefined;
    }
    const found = this.inDir(match.dir).resolveInclude(spec, true, undefined);
    if (found) this.inferred.add(match.dir);
    return found;
  }

  private inDir(dir: string): FsIncludeProvider {
    let p = this.dirProviders.get(dir);
    if (!p) this.dirProviders.set(dir, (p = new FsIncludeProvider([dir], [])));
    return p;
  }

  /** What the header search inferred since the last call (undefined when nothing new). */
  drainHeaderSearch(): HeaderSearchReport | undefined {
    const inferred = [...this.inferred].slice(this.reported.inferred);
    const ambiguous = [...this.ambiguous].slice(this.reported.ambiguous).map(([spec, candidates]) => ({ spec, candidates }));
    this.reported = { inferred: this.inferred.size, ambiguous: this.ambiguous.size };
    return inferred.length + ambiguous.length > 0 ? { inferred, ambiguous } : undefined;
  }
}

/** Reports of several files as one: each directory and each ambiguous include once, in a stable order. */
export function mergeHeaderSearch(reports: (HeaderSearchReport | undefined)[]): HeaderSearchReport {
  const inferred = new Set<string>();
  const ambiguous = new Map<string, string[]>();
  for (const r of reports) {
    for (const d of r?.inferred ?? []) inferred.add(d);
    for (const a of r?.ambiguous ?? []) ambiguous.set(a.spec, a.candidates);
  }
  // Deeper directories first, as projects order their -I (`-Ibpf/include -Ibpf`).
  const depth = (d: string) => d.split('/').length;
  return {
    inferred: [...inferred].sort((a, b) => depth(b) - depth(a) || (a < b ? -1 : a > b ? 1 : 0)),
    ambiguous: [...ambiguous].sort(([a], [b]) => (a < b ? -1 : 1)).map(([spec, candidates]) => ({ spec, candidates })),
  };
}

/** The note and warnings a run prints about its header search, paths relative to `cwd`. */
export function headerSearchLines(report: HeaderSearchReport, cwd: string): { note?: string; warnings: string[] } {
  const rel = (p: string) => relative(cwd, p) || '.';
  return {
    note: report.inferred.length > 0 ? `inferred ${report.inferred.map((d) => `-I ${rel(d)}`).join(' ')} (headers found by path in the tree; pass these -I to pin them)` : undefined,
    warnings: report.ambiguous.map((a) => `#include <${a.spec}> matches ${a.candidates.length} headers (${a.candidates.map(rel).join(', ')}); none was read: pass -I with the directory the build uses`),
  };
}
