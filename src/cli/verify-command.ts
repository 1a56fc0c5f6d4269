/**
 * `bpf-migrate verify` and `--write --verify`: compile both sides, load the migrated one and
 * compare with what the legacy loader would have created. Loaded lazily by the CLI.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import {
  verifyPair, inspectMigrated, formatVerifyTable, exitCodeFor, isLoaderError, splitCommandLine,
  type VerifyOptions, type VerifyResult, type SourceInput,
} from '../loader/index.js';
import { walk } from '../fs/walk.js';
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
    const files = walked.files.filter((f) => f.endsWith('.c'));
    const width = opts.jobs ?? availableParallelism();
    const results = await pool(files, width, async (file) => {
      const migrated: SourceInput = { path: resolve(file), text: readFileSync(file, 'utf8'), label: file };
      if (against === undefined) return inspectMigrated(migrated, opts);
      const old = gitShow(against, file);
      if (old === undefined) return { file, status: 'load-skipped', fields: [], messages: [`${against}:${file} does not exist in git; nothing to compare with`] } as VerifyResult;
      return verifyPair({ path: resolve(file), text: old, label: `${against}:${file}` }, migrated, opts);
    });
    const code = report(results, input);
    return walked.problems.some((p) => p.kind !== 'skip') ? Math.max(code, 2) : code;
  });
}

/** `--write --verify`: prove each file just rewritten equivalent to the text it had. */
export async function verifyChanged(changed: FileResult[], input: VerifyCommandInput): Promise<boolean> {
  const opts = verifyOptions(input);
  const code = await guarded(input, async () => {
    const sources = changed.filter((r) => r.path.endsWith('.c') && r.input !== undefined && r.output !== undefined);
    const results = await pool(sources, opts.jobs ?? availableParallelism(), (r) => verifyPair(
      { path: resolve(r.path), text: r.input!, label: `${r.path} (before)` },
      { path: resolve(r.path), text: r.output!, label: r.path },
      opts,
    ));
    return report(results, input);
  });
  return code === 0;
}
