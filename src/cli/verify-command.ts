/**
 * `bpf-migrate verify` and `--write --verify`: compile both sides, load the migrated one and
 * compare with what the legacy loader would have created. Loaded lazily by the CLI.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import {
  verifyPair, inspectMigrated, formatVerifyTable, exitCodeFor, isLoaderError, splitCommandLine, LoaderError,
  type VerifyOptions, type VerifyResult, type SourceInput,
} from '../loader/index.js';
import { walk } from '../fs/walk.js';
import { CompilationDatabase, clangArguments, entryFlags, entryLabel, type CompileEntry } from '../build/compile-commands.js';
import { describeLeftMap, legacyMapsLeft } from '../loader/legacy-left.js';
import { findCompileCommands, headerSearchOutput, inferredDirs } from './build-setup.js';
import { FileProcessor } from '../run/process-file.js';
import type { Rule } from '../core/rule.js';
import type { FileResult } from '../run/process-file.js';
import type { CliIO, Colors } from './io.js';

export interface VerifyCommandInput {
  paths: string[];
  includeDirs: string[];
  rules: Rule[];
  args: Record<string, unknown>;
  io: CliIO;
  colors: Colors;
}

function list(v: unknown): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

function verifyOptions(input: VerifyCommandInput): VerifyOptions {
  const a = input.args;
  return {
    includeDirs: input.includeDirs,
    defines: list(a.define),
    cflags: a.cflags ? splitCommandLine(String(a.cflags)) : [],
    clang: a.clang ? String(a.clang) : undefined,
    progType: a['prog-type'] ? String(a['prog-type']) : undefined,
    jobs: typeof a.jobs === 'number' ? a.jobs : undefined,
    cwd: input.io.cwd,
  };
}

/** The file's content at a git revision, or undefined when git does not have it there. */
function gitShow(rev: string, file: string): string | undefined {
  const abs = resolve(file);
  try {
    const top = execFileSync('git', ['-C', dirname(abs), 'rev-parse', '--show-toplevel'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return execFileSync('git', ['-C', top, 'show', `${rev}:${relative(top, abs)}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 << 20 });
  } catch {
    return undefined;
  }
}

/**
 * Each way the build compiles `file`: one per compilation database entry (a file listed under two
 * configurations is verified twice), or once with the defaults when no database lists it.
 */
interface BuildVariant {
  /** Shown after the file's name when the file has several entries (`[-DENABLE_IPV6]`). */
  suffix: string;
  opts: VerifyOptions;
}

function variantsOf(file: string, db: CompilationDatabase | undefined, base: VerifyOptions): BuildVariant[] {
  const entries: CompileEntry[] = db?.entriesFor(resolve(base.cwd ?? '.', file)) ?? [];
  if (entries.length === 0) return [{ suffix: '', opts: base }];
  return entries.map((e) => {
    const label = entryLabel(e, entries);
    return { suffix: label ? ` [${label}]` : '', opts: { ...base, buildFlags: clangArguments(entryFlags(e)) } };
  });
}

/** The compilation database of the run (see findCompileCommands); throws a usage-style message when a given one is missing. */
function databaseOf(input: VerifyCommandInput): CompilationDatabase | undefined {
  const found = findCompileCommands(input.paths, input.args, input.io.cwd);
  if (found.error) throw new LoaderError('CompileCommandsUnreadable', found.error);
  return found.path ? CompilationDatabase.load(found.path) : undefined;
}

/**
 * Files no compilation database entry describes are compiled with the directories their headers
 * are found in by path suffix (the migration's inferred -I), named in a note.
 */
function inferIncludeDirs(files: string[], input: VerifyCommandInput): string[] {
  if (files.length === 0) return [];
  const proc = new FileProcessor({ write: false, includeDirs: input.includeDirs, rules: input.rules, headerRoots: input.paths });
  const reports = files.map((f) => proc.processPath(f).headerSearch);
  input.io.stderr(headerSearchOutput(reports, input.io.cwd, input.colors, Boolean(input.args.quiet)));
  return inferredDirs(reports);
}

async function pool<T, R>(items: T[], width: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, items.length)) }, async () => {
    while (next < items.length) { const i = next++; out[i] = await fn(items[i]); }
  }));
  return out;
}

function report(results: VerifyResult[], input: { io: CliIO; args: Record<string, unknown> }): number {
  if (input.args.json) input.io.stdout(JSON.stringify({ verify: results }, null, 2) + '\n');
  else for (const r of results) input.io.stdout(formatVerifyTable(r) + '\n');
  return exitCodeFor(results);
}

async function guarded(input: { io: CliIO }, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (!isLoaderError(e)) throw e;
    input.io.stderr(`bpf-migrate: ${e.message}\n  hint: ${e.hint}\n`);
    return e.exitCode;
  }
}

export async function runVerifyCommand(input: VerifyCommandInput): Promise<number> {
  const opts = verifyOptions(input);
  const against = input.args.against === undefined ? undefined : String(input.args.against);
  return guarded(input, async () => {
    if (input.paths.length === 0) {
      input.io.stderr('bpf-migrate: verify needs a file or directory\n');
      return 2;
    }
    // `verify --against old.c new.c`: an explicit legacy file.
    if (against !== undefined && existsSync(against) && statSync(against).isFile()) {
      if (input.paths.length !== 1) { input.io.stderr('bpf-migrate: verify --against FILE takes exactly one migrated file\n'); return 2; }
      const legacy: SourceInput = { path: resolve(against), text: readFileSync(against, 'utf8'), label: against };
      const migrated: SourceInput = { path: resolve(input.paths[0]), text: readFileSync(input.paths[0], 'utf8'), label: input.paths[0] };
      return report([await verifyPair(legacy, migrated, opts)], input);
    }
    const walked = walk(input.paths);
    for (const p of walked.problems) input.io.stderr(`${p.path}: ${p.kind === 'skip' ? 'skipped' : 'error'}: ${p.reason}\n`);
    const db = databaseOf(input);
    const sources = walked.files.filter((f) => f.endsWith('.c'));
    opts.includeDirs = [...opts.includeDirs, ...inferIncludeDirs(sources.filter((f) => (db?.entriesFor(resolve(f)).length ?? 0) === 0), input)];
    const jobs = sources.flatMap((file) => variantsOf(file, db, opts).map((v) => ({ file, ...v })));
    const width = opts.jobs ?? availableParallelism();
    const results = await pool(jobs, width, async ({ file, suffix, opts: vopts }) => {
      const migrated: SourceInput = { path: resolve(file), text: readFileSync(file, 'utf8'), label: `${file}${suffix}` };
      if (against === undefined) return inspectMigrated(migrated, vopts);
      const old = gitShow(against, file);
      if (old === undefined) return { file: migrated.label!, status: 'load-skipped', fields: [], messages: [`${against}:${file} does not exist in git; nothing to compare with`] } as VerifyResult;
      return verifyPair({ path: resolve(file), text: old, label: `${against}:${file}${suffix}` }, migrated, vopts);
    });
    const code = report(results, input);
    return walked.problems.some((p) => p.kind !== 'skip') ? Math.max(code, 2) : code;
  });
}

/** `--write --verify`: prove each file just rewritten equivalent to the text it had. */
export async function verifyChanged(changed: FileResult[], input: VerifyCommandInput): Promise<boolean> {
  const opts = verifyOptions(input);
  const code = await guarded(input, async () => {
    const db = databaseOf(input);
    const sources = changed.filter((r) => r.path.endsWith('.c') && r.input !== undefined && r.output !== undefined)
      .flatMap((r) => variantsOf(r.path, db, opts).map((v) => ({ r, ...v })));
    const results = await pool(sources, opts.jobs ?? availableParallelism(), ({ r, suffix, opts: vopts }) => verifyPair(
      { path: resolve(r.path), text: r.input!, label: `${r.path}${suffix} (before)` },
      { path: resolve(r.path), text: r.output!, label: `${r.path}${suffix}` },
      vopts,
    ));
    return report(results, input);
  });
  return code === 0;
}

/**
 * `--check --compile`: compile what each object would be after the run (the migrated text; the file
 * as it is when nothing changes), once per build entry, and name every map still in section "maps".
 * False when any is left or an object could not be compiled.
 */
export async function checkCompiledObjects(results: FileResult[], input: VerifyCommandInput): Promise<boolean> {
  const opts = verifyOptions(input);
  const code = await guarded(input, async () => {
    const db = databaseOf(input);
    const jobs = results.filter((r) => r.path.endsWith('.c') && (r.status === 'changed' || r.status === 'unchanged'))
      .flatMap((r) => variantsOf(r.path, db, opts).map((v) => ({ r, ...v })));
    const checked = await pool(jobs, opts.jobs ?? availableParallelism(), ({ r, suffix, opts: vopts }) =>
      legacyMapsLeft({ path: resolve(r.path), text: r.output ?? r.input ?? readFileSync(r.path, 'utf8'), label: r.path }, vopts)
        .then((left) => ({ ...left, suffix })));
    let failed = false;
    for (const c of checked) {
      const name = `${c.file}${c.suffix}`;
      if (c.error !== undefined) {
        failed = true;
        input.io.stderr(`${name}: ${input.colors.red('error')}: could not compile the object to check it: ${c.error}\n`);
        continue;
      }
      for (const m of c.maps ?? []) {
        failed = true;
        input.io.stderr(`${name}: ${input.colors.red('error')}: ${describeLeftMap(m)} [object-check/legacyMapLeft]\n`);
      }
    }
    if (checked.some((c) => (c.maps ?? []).length > 0)) input.io.stderr(`  hint: ${new LoaderError('LegacyMapsLeft').hint}\n`);
    return failed ? 1 : 0;
  });
  return code === 0;
}
