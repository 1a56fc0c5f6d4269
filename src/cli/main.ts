/**
 * `bpf-migrate`: argument parsing and output. `execute` returns the exit code
 * (0 clean / 1 changes pending or errors reported / 2 usage or fatal) and never exits.
 */
import yargs from 'yargs';
import { fstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isatty } from 'node:tty';
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { rules as allRules, ruleById, selectRules } from '../../rules/index.js';
import type { Rule } from '../core/rule.js';
import { walk } from '../fs/walk.js';
import { MAX_SOURCE_BYTES, decodeSource, fileKind, tooLarge } from '../fs/read-source.js';
import { sweepTempFiles } from '../fs/atomic-write.js';
import { dirname, join, resolve } from 'node:path';
import { FileProcessor, type FileResult } from '../run/process-file.js';
import { findCompileCommands, headerSearchOutput, inferredDirs } from './build-setup.js';
import { MIN_FILES_PER_WORKER, runParallel, WorkerPool } from '../run/parallel.js';
import { collectTree } from '../run/tree.js';
import { colorizer, type CliIO } from './io.js';
import { addToSummary, colorDiff, emptySummary, formatDiagnostic, formatSummary, needsMigrationLine } from './format.js';
import { toSarif } from './sarif.js';
import { PACKAGE_ROOT, ruleDocPath } from '../fs/rule-docs.js';
import { githubAnnotations } from './github-annotations.js';

const VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** How results are printed: text for people, json for scripts, sarif for code scanning, github for Actions annotations. */
type OutputFormat = 'text' | 'json' | 'sarif' | 'github';

export function processIO(): CliIO {
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    readStdin: readProcessStdin,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
  };
}

class UsageError extends Error {}

/**
 * Stdin's bytes, at most MAX_SOURCE_BYTES + 1 of them (the caller refuses more). A device other
 * than a terminal (`- < /dev/zero`) is refused before reading: it never ends.
 */
async function readProcessStdin(): Promise<Buffer> {
  const st = fstatSync(0);
  if ((st.isCharacterDevice() && !isatty(0)) || st.isBlockDevice()) throw new UsageError(`stdin is ${fileKind(st)}; pipe or redirect a source file into bpf-migrate -`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of process.stdin) {
    chunks.push(c as Buffer);
    size += (c as Buffer).length;
    if (size > MAX_SOURCE_BYTES) break;
  }
  return Buffer.concat(chunks);
}

function asList(v: unknown): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

function rulesFor(only: string[], disabled: string[]): Rule[] {
  const { rules, unknown } = selectRules(only, disabled);
  if (unknown.length > 0) throw new UsageError(`unknown rule '${unknown[0]}'; see bpf-migrate --list-rules`);
  return rules;
}

/**
 * Options that take the next argument as their value whatever it looks like, as clang's -I and -D
 * do: a directory, a macro or compiler flags may start with '-' (`--cflags "-DFOO"`), which yargs
 * would read as options of their own.
 */
const VALUE_NEXT: Record<string, string> = {
  '-I': 'include-dir', '--include-dir': 'include-dir', '-D': 'define', '--define': 'define', '--cflags': 'cflags',
};

/**
 * Clang's spellings, as users copy them from Makefiles, rewritten to the `--name=value` form that
 * yargs reads unambiguously: `-IDIR`, `-I DIR`, `-DNAME[=VAL]`, `-D NAME`, `--cflags "-include x.h"`
 * become `--include-dir=DIR`, `--define=NAME[=VAL]`, `--cflags=-include x.h`. Left to yargs,
 * `-Iinclude` is a group of short flags (-I -i -n -c ...), `-I./include` a dotted key that swallows
 * the next path as its value, and `--cflags -DFOO` the options -D -F -O. Anything after `--` is a
 * path and kept as is; `-I=DIR` is left to yargs, which reads it as DIR.
 */
export function normaliseArgv(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { out.push(...argv.slice(i)); break; }
    const name = VALUE_NEXT[a];
    if (name) {
      if (i + 1 >= argv.length) throw new UsageError(`${a} needs a value`);
      out.push(`--${name}=${argv[++i]}`);
      continue;
    }
    const attached = /^-([ID])([^=][\s\S]*)$/.exec(a);
    if (attached) out.push(`--${VALUE_NEXT[`-${attached[1]}`]}=${attached[2]}`);
    else out.push(a);
  }
  return out;
}

function buildParser(argv: string[]) {
  return yargs(argv)
    .scriptName('bpf-migrate')
    .usage('$0 [options] <paths..>\n\nMigrate legacy eBPF map definitions (struct bpf_elf_map, struct bpf_map_def, BPF_ANNOTATE_KV_PAIR, __section_tail) to libbpf BTF-defined maps.\nWithout --write it is a dry run that prints a unified diff. Use - to read a file on stdin.')
    .epilogue([
      'Commands:',
      '  bpf-migrate [paths..]          migrate files and directories (dry run unless --write)',
      "  bpf-migrate explain <rule>     print a rule's documentation",
      '  bpf-migrate verify [paths..]   compile and load files to prove a migration equivalent',
      '  bpf-migrate lsp                run the language server on stdio (editor quick-fixes)',
    ].join('\n'))
    .option('write', { alias: 'w', type: 'boolean', describe: 'apply the changes in place (atomic writes)' })
    .option('follow', { type: 'boolean', describe: 'follow symbolic links to directories (not followed by default)' })
    .option('check', { type: 'boolean', describe: 'exit 1 and list files that still need migration; never writes' })
    .option('json', { type: 'boolean', describe: 'print a machine-readable report (same as --format json)' })
    .option('format', { choices: ['text', 'json', 'sarif', 'github'] as const, describe: 'output format: text, json, sarif (SARIF 2.1.0) or github (Actions annotations)' })
    .option('rule', { type: 'string', describe: 'run only this rule (and the rules it builds on); repeatable' })
    .option('disable-rule', { type: 'string', describe: 'do not run this rule; repeatable' })
    .option('list-rules', { type: 'boolean', describe: 'list the rules and exit' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'print only errors and the requested output' })
    .option('color', { choices: ['auto', 'always', 'never'] as const, default: 'auto', describe: 'colour output' })
    .option('include-dir', { alias: 'I', type: 'string', describe: 'add a directory to the header search path (-IDIR, -I DIR); repeatable' })
    .option('tail-call-section', { type: 'string', describe: 'section for tail-call programs when the entry programs do not settle it' })
    .option('jobs', { alias: 'j', type: 'number', describe: 'worker threads (default: number of cores)' })
    .option('stdin-filename', { type: 'string', describe: 'with -: the path of the text on stdin (includes are found from it; messages name it)' })
    .option('verify', { type: 'boolean', describe: 'with --write: compile and load each changed file to prove it equivalent' })
    .option('against', { type: 'string', describe: 'verify: the legacy version, a git revision (HEAD) or a file' })
    .option('define', { alias: 'D', type: 'string', describe: 'verify: define a macro for clang (-DNAME, -D NAME=VAL); repeatable' })
    .option('cflags', { type: 'string', describe: 'verify: extra clang flags, as one string (--cflags "-DFOO -include x.h"); repeatable' })
    .option('clang', { type: 'string', describe: 'verify: clang binary to use' })
    .option('compile-commands', { alias: 'p', type: 'string', describe: 'compile_commands.json, or the build directory holding it (default: one in a given directory or above it, or in their build/)' })
    .option('compile', { type: 'boolean', describe: 'with --check: compile each object with clang and name the legacy maps still in it' })
    // Generic LSP clients append --stdio; stdio is the only transport, so it is accepted and ignored.
    .option('stdio', { type: 'boolean', hidden: true })
    .option('prog-type', { type: 'string', describe: 'verify: program type for sections libbpf does not know (e.g. sched_cls, xdp)' })
    // A path such as `010` or `1e3` stays the path it is, not a number; options have one name
    // each (no camelCase twin), so an unknown --some-option is reported once.
    .parserConfiguration({ 'parse-positional-numbers': false, 'camel-case-expansion': false })
    .strictOptions()
    .help()
    .version(false)
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((msg, err) => { throw err ?? new UsageError(msg); });
}

type ParsedArgs = Awaited<ReturnType<ReturnType<typeof buildParser>['parseAsync']>>;

export async function execute(argv: string[], io: CliIO): Promise<number> {
  let help = '';
  let args;
  try {
    const normalised = normaliseArgv(argv);
    args = await buildParser(normalised).parseAsync(normalised, {}, (_err, _argv, output) => { help = output; });
  } catch (e) {
    io.stderr(`bpf-migrate: ${(e as Error).message}\nRun bpf-migrate --help for usage.\n`);
    return 2;
  }
  if (help) { io.stdout(help + '\n'); return 0; }
  // Repeated --cflags add up, as one command line (verify splits it into arguments).
  if (Array.isArray(args.cflags)) args.cflags = args.cflags.map(String).join(' ');
  const c = colorizer(String(args.color), io.stderrIsTTY);
  if (args.json && args.format && args.format !== 'json') {
    io.stderr(`bpf-migrate: --json and --format ${args.format} exclude each other\n`);
    return 2;
  }
  const format: OutputFormat = args.json ? 'json' : args.format ?? 'text';
  const positionals = args._.map(String);
  const command = ['explain', 'verify', 'lsp'].includes(positionals[0]) ? positionals.shift()! : '';
  try {
    if (args['list-rules']) return listRules(io);
    if (command === 'explain') {
      if (positionals.length !== 1) throw new UsageError('explain takes one rule id; see bpf-migrate --list-rules');
      return explain(positionals[0], io);
    }
    const rules = rulesFor(asList(args.rule), asList(args['disable-rule']));
    if (command === 'lsp') {
      const { startLanguageServer } = await import('../lsp/server.js');
      await startLanguageServer({ includeDirs: asList(args['include-dir']), rules, tailCallSection: args['tail-call-section'] });
      return 0;
    }
    const includeDirs = asList(args['include-dir']);
    // clang ignores a missing -I directory without a word; a run whose -I has no effect should not.
    for (const d of includeDirs) {
      if (!args.quiet && !isDirectory(d)) io.stderr(`bpf-migrate: ${c.yellow('warning')}: -I ${d}: no such directory\n`);
    }
    const paths = positionals;
    if (command === 'verify') {
      const { runVerifyCommand } = await import('./verify-command.js');
      return await runVerifyCommand({ paths, includeDirs, rules, args, io, colors: c });
    }
    if (paths.length === 0) throw new UsageError('no paths given (use - for stdin)');
    if (args.write && args.check) throw new UsageError('--write and --check exclude each other');
    if (paths.includes('-')) {
      if (paths.length > 1) throw new UsageError('- (stdin) cannot be combined with other paths');
      return await runStdin(io, rules, includeDirs, args, c, format);
    }
    return await runFiles({
      paths, rules, includeDirs, io, colors: c,
      write: Boolean(args.write), check: Boolean(args.check), json: format === 'json', format, quiet: Boolean(args.quiet),
      tailCallSection: args['tail-call-section'], jobs: args.jobs, verify: Boolean(args.verify), follow: Boolean(args.follow), args,
    });
  } catch (e) {
    if (e instanceof UsageError) { io.stderr(`bpf-migrate: ${e.message}\n`); return 2; }
    io.stderr(`bpf-migrate: fatal: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function listRules(io: CliIO): number {
  const width = Math.max(...allRules.map((r) => r.meta.id.length));
  for (const r of allRules) io.stdout(`${r.meta.id.padEnd(width)}  ${r.meta.fixable ? 'fix ' : 'diag'}  ${r.meta.description}\n`);
  return 0;
}

function explain(id: string, io: CliIO): number {
  if (!ruleById(id)) { io.stderr(`bpf-migrate: unknown rule '${id}'; see bpf-migrate --list-rules\n`); return 2; }
  io.stdout(readFileSync(ruleDocPath(id), 'utf8'));
  return 0;
}

async function runStdin(io: CliIO, rules: Rule[], includeDirs: string[], args: ParsedArgs, c: ReturnType<typeof colorizer>, format: OutputFormat): Promise<number> {
  // Byte-exact for what is not changed: undecodable input is refused as file mode refuses it, never re-encoded.
  const bytes = await io.readStdin();
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  if (buf.length > MAX_SOURCE_BYTES) throw new UsageError(`stdin: ${tooLarge(undefined)}`);
  const decoded = decodeSource(buf);
  if (!decoded.ok) throw new UsageError(`stdin: ${decoded.reason}`);
  const text = decoded.text;
  const proc = new FileProcessor({ write: false, includeDirs, rules, tailCallSection: args['tail-call-section'], keepText: true, defines: asList(args.define) });
  const given = args['stdin-filename'];
  const path = given ? resolve(io.cwd, given) : `${io.cwd}/<stdin>.c`;
  const name = given ?? '<stdin>';
  const r = proc.processText(path, text, name);
  const errors = r.diagnostics.some((d) => d.severity === 'error');
  if (format === 'json') io.stdout(JSON.stringify({ files: [stripText(r)] }, null, 2) + '\n');
  else if (format === 'sarif') io.stdout(toSarif([r], sarifOptions(rules, io)));
  else if (format === 'github') io.stdout(githubAnnotations(r));
  else if (args.check) {
    // As for files: list what still needs migration, exit 1 for it; the text itself is not echoed.
    if (r.status === 'changed') io.stdout(needsMigrationLine(name, r));
  } else io.stdout(r.output ?? text);
  for (const d of r.diagnostics) {
    if (format === 'sarif' || format === 'github') break;
    if (d.category === 'legacy' || (args.quiet && d.severity !== 'error')) continue;
    io.stderr(formatDiagnostic(name, d, c));
  }
  return errors || (args.check && r.status === 'changed') ? 1 : 0;
}

function sarifOptions(rules: Rule[], io: CliIO) {
  return { rules: rules.map((r) => r.meta), docPath: ruleDocPath, readme: join(PACKAGE_ROOT, 'README.md'), cwd: io.cwd, version: VERSION };
}

function stripText(r: FileResult): FileResult {
  const { output: _o, input: _i, ...rest } = r;
  return rest;
}

interface RunFilesOptions {
  paths: string[];
  rules: Rule[];
  includeDirs: string[];
  io: CliIO;
  colors: ReturnType<typeof colorizer>;
  write: boolean;
  check: boolean;
  json: boolean;
  format: OutputFormat;
  quiet: boolean;
  tailCallSection?: string;
  jobs?: number;
  verify: boolean;
  follow: boolean;
  args: Record<string, unknown>;
}

async function runFiles(o: RunFilesOptions): Promise<number> {
  const { io, colors: c } = o;
  if (o.verify && o.write) {
    // Writing first and then failing to verify would leave changed files unproven: refuse before writing.
    const { checkPrivileges } = await import('../loader/privilege.js');
    const priv = checkPrivileges();
    if (!priv.ok) throw new UsageError(`--write --verify needs root or CAP_BPF with CAP_SYS_ADMIN to load objects (${priv.reason}); nothing was written. Run it as root, or --write alone and verify later`);
  }
  const walked = walk(o.paths, { follow: o.follow });
  // Temp files a killed --write run left behind; swept before workers start writing their own.
  if (o.write) for (const dir of new Set(walked.files.map((f) => dirname(f)))) sweepTempFiles(dir);
  const fatal = walked.problems.filter((p) => p.kind === 'fatal');
  const mode = o.write ? 'write' : o.check ? 'check' : 'dry-run';
  const progress = io.stderrIsTTY && !o.quiet && (o.format === 'text' || o.format === 'github');
  const summary = emptySummary();
  let hasError = false;
  // Text output is printed in path order as results come in and then dropped, so memory stays
  // bounded on large trees; --json and --verify need every result at the end.
  const compileCheck = o.check && Boolean(o.args.compile);
  const database = findCompileCommands(o.paths, o.args, io.cwd);
  if (database.error) { io.stderr(`bpf-migrate: ${database.error}\n`); return 2; }
  const headerSearch: FileResult['headerSearch'][] = [];
  const keep = o.json || o.format === 'sarif' || o.verify || compileCheck;
  const kept: FileResult[] = [];
  const take = (r: FileResult) => {
    addToSummary(summary, r);
    if (r.headerSearch) headerSearch.push(r.headerSearch);
    if (r.status === 'error' || r.diagnostics.some((d) => d.severity === 'error')) hasError = true;
    if (keep) kept.push(r);
    else {
      if (progress) io.stderr('\r\x1b[K');
      printResult(r, o);
    }
  };
  // Walk problems (unreadable directories, ...) go in their place in path order.
  const problems = walked.problems.map((p): FileResult => ({ path: p.path, status: p.kind === 'skip' ? 'skipped' : 'error', reason: p.reason, diagnostics: [], edits: [], migrated: [], written: false }))
    .sort((a, b) => byPath(a.path, b.path));
  let nextProblem = 0;
  const takeProblemsBefore = (path: string | undefined) => {
    while (nextProblem < problems.length && (path === undefined || byPath(problems[nextProblem].path, path) < 0)) take(problems[nextProblem++]);
  };
  const processOptions = {
    write: o.write, includeDirs: o.includeDirs, ruleIds: o.rules.map((r) => r.meta.id), tailCallSection: o.tailCallSection,
    keepText: o.verify || compileCheck, headerRoots: o.paths, compileCommands: database.path, defines: asList(o.args.define),
    session: randomUUID(),
  };
  // One set of worker threads for the pre-pass and the files: each thread loads the parser once.
  const jobs = Math.max(1, o.jobs ?? availableParallelism());
  const pool = jobs > 1 && walked.files.length >= 2 * MIN_FILES_PER_WORKER ? new WorkerPool(jobs - 1) : undefined;
  try {
    // What the objects share (prog arrays in headers, tail calls in headers), known before any file changes.
    const tree = await collectTree(walked.files, processOptions, o.jobs, pool);
    Object.assign(processOptions, { tree });
    // Headers the files include whose legacy maps end up in their objects: an object loads only once
    // they are migrated too, so a run over some .c files takes their headers along.
    const headers = new Set<string>();
    const inOrder = async (files: string[], problemsFirst: boolean) => {
      const pending = new Map<number, FileResult>();
      let nextFile = 0;
      await runParallel(files, processOptions, {
        jobs: o.jobs,
        pool,
        progress: progress ? (done, total, rate) => io.stderr(`\r${done}/${total} files, ${rate.toFixed(0)} files/s`) : undefined,
        onResult: (index, r) => {
          for (const h of r.legacyHeaders ?? []) headers.add(h);
          pending.set(index, r);
          for (let next = pending.get(nextFile); next; next = pending.get(nextFile)) {
            pending.delete(nextFile++);
            if (problemsFirst) takeProblemsBefore(next.path);
            take(next);
          }
        },
      });
    };
    // Headers whose maps the objects build on are read by those objects' analyses: they change only after every
    // object has been analysed (a header written first would hide its legacy prog array from its includers).
    const shared = new Set(Object.keys(tree.migrated ?? {}));
    await inOrder(walked.files.filter((f) => !shared.has(resolve(f))), true);
    await inOrder(walked.files.filter((f) => shared.has(resolve(f))), false);
    takeProblemsBefore(undefined);
    const given = new Set(walked.files.map(realPath));
    const included = [...headers].filter((h) => !given.has(realPath(h))).sort(byPath);
    if (included.length > 0) {
      if (!o.quiet && !o.json) io.stderr(`bpf-migrate: also ${o.write ? 'migrating' : 'checking'} ${included.length} included ${included.length === 1 ? 'header' : 'headers'} with legacy maps or tail calls: ${included.join(', ')}\n`);
      if (o.write) for (const dir of new Set(included.map((f) => dirname(f)))) sweepTempFiles(dir);
      await inOrder(included, false);
    }
    if (progress && walked.files.length > 0) io.stderr('\r\x1b[K');
    io.stderr(headerSearchOutput(headerSearch, io.cwd, c, o.quiet));

    let verifyFailed = false;
    if (o.json) io.stdout(JSON.stringify({ mode, files: kept.map(stripText), summary }, null, 2) + '\n');
    else if (o.format === 'sarif') io.stdout(toSarif(kept, sarifOptions(o.rules, io)));
    else {
      if (keep) kept.forEach((r) => printResult(r, o));
      if (!o.quiet) io.stderr(formatSummary(summary, mode));
    }
    if (o.verify && o.write) {
      const { verifyChanged } = await import('./verify-command.js');
      verifyFailed = !(await verifyChanged(kept.filter((r) => r.status === 'changed'), { includeDirs: [...o.includeDirs, ...inferredDirs(headerSearch)], rules: o.rules, paths: o.paths, args: o.args, io, colors: c }));
    }
    if (compileCheck) {
      const { checkCompiledObjects } = await import('./verify-command.js');
      if (!(await checkCompiledObjects(kept, { includeDirs: [...o.includeDirs, ...inferredDirs(headerSearch)], rules: o.rules, paths: o.paths, args: o.args, io, colors: c }))) verifyFailed = true;
    }
    if (fatal.length > 0) return 2;
    if (hasError || verifyFailed) return 1;
    if (o.check && summary.changed > 0) return 1;
    return 0;
  } finally {
    await pool?.close();
  }
}

function realPath(p: string): string {
  try { return realpathSync(p); } catch { return resolve(p); }
}

function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One file's lines: errors and diagnostics on stderr, the diff (or the check/write line) on stdout. */
function printResult(r: FileResult, o: RunFilesOptions): void {
  const { io, colors: c } = o;
  if (o.format === 'github') { io.stdout(githubAnnotations(r)); return; }
  if (r.status === 'error') io.stderr(`${r.path}: ${c.red('error')}: ${r.reason}\n`);
  else if (r.status === 'skipped' && !o.quiet) io.stderr(`${r.path}: skipped: ${r.reason}\n`);
  for (const d of r.diagnostics) {
    if (d.category === 'legacy' && !(o.check && !d.fixable)) continue;
    if (o.quiet && d.severity !== 'error') continue;
    io.stderr(formatDiagnostic(r.path, d, c));
  }
  if (r.status !== 'changed') return;
  if (o.check) io.stdout(needsMigrationLine(r.path, r));
  else if (o.write) {
    if (!o.quiet) io.stdout(`${r.path}: migrated ${r.migrated.join(', ')}\n`);
  } else if (r.diff) io.stdout(colorDiff(r.diff, c));
}
