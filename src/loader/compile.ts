/**
 * Compiling BPF C with clang: argument arrays (never a shell), sources given as text and written to a
 * private temp dir, quote-includes resolved against the original file's directory, diagnostics mapped
 * back to the user's path, a content+flags cache and a job limit shared by all callers.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { registerCleanup } from './cleanup.js';
import { LoaderError } from './errors.js';
import type { CompileDiagnostic, CompileOptions } from './types.js';
import { BPF_MAP_DEF_FIELDS } from '../abi/index.js';
import { splitCommandLine } from '../build/compile-commands.js';

/** A source given as text; `path` is where it lives (includes resolve from its directory). */
export interface SourceInput {
  path: string;
  text: string;
  /** Name to show in diagnostics instead of `path` (e.g. `HEAD:src/prog.c`). */
  label?: string;
}

export interface CompileResult {
  ok: boolean;
  /** The name diagnostics use for the source (its label, or its path as given). */
  file: string;
  /** Path of the compiled object in the cache, when caching is on (the bytes are always in `object`). */
  objectPath?: string;
  object?: Buffer;
  diagnostics: CompileDiagnostic[];
  /** clang's stderr with temp paths replaced by the user's path. */
  stderr: string;
  cached: boolean;
  /** The full clang argument list used (temp paths included), for reports. */
  args: string[];
  /** What the compile did on its own that the report should say (e.g. libbpf 0.x's struct bpf_map_def forced in). */
  notes: string[];
  /** With `preprocess`: the translation unit as clang's preprocessor wrote it. */
  preprocessed?: string;
}

/** Options of one compile: the user's, plus what the caller knows about the source. */
export interface CompileSourceOptions extends CompileOptions {
  jobs?: number;
  /**
   * The source is a legacy program: when it uses `struct bpf_map_def` and nothing the compile sees
   * defines it (libbpf 1.x removed it from bpf/bpf_helpers.h), compile it with libbpf 0.x's definition
   * forced in (`-include`). Off for migrated sources: a migrated file still using it is an error to show.
   */
  legacyMapDef?: boolean;
  /** Also return the preprocessed text (`clang -E`, line markers naming the user's files); never served from the cache. */
  preprocess?: boolean;
}

/**
 * libbpf 0.x's struct bpf_map_def (bpf/bpf_helpers.h before 1.0), field for field: programs written
 * against libbpf 0.x (xdp-tutorial, Suricata's xdp_filter.c) declare `struct bpf_map_def SEC("maps")`
 * and expect this from the header.
 */
export const LIBBPF0_MAP_DEF = `/* libbpf 0.x's struct bpf_map_def, forced in by bpf-migrate verify */
struct bpf_map_def {
${BPF_MAP_DEF_FIELDS.map((f) => `\tunsigned int ${f};\n`).join('')}};
`;
const MAP_DEF_HEADER = 'libbpf0_bpf_map_def.h';
const MAP_DEF_SHOWN = '<libbpf 0.x struct bpf_map_def>';
export const MAP_DEF_NOTE = `struct bpf_map_def is used but no header defines it (libbpf 1.x removed it from bpf/bpf_helpers.h): compiled with libbpf 0.x's definition forced in (${BPF_MAP_DEF_FIELDS.join(', ')})`;

/**
 * Whether a preprocessed translation unit (`clang -E`, so comments, macros and every header the
 * compile sees are resolved) uses `struct bpf_map_def` without defining it.
 */
export function usesUndefinedMapDef(preprocessed: string): boolean {
  if (!/\bstruct\s+bpf_map_def\b/.test(preprocessed)) return false;
  return !/\bstruct\s+(?:__attribute__\s*\(\([^;{]*?\)\)\s*)?bpf_map_def\s*\{/.test(preprocessed);
}

/** Bounded concurrency for clang jobs. */
class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(readonly max: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((r) => this.queue.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}
const limiters = new Map<number, Limiter>();
function limiter(jobs?: number): Limiter {
  const n = Math.max(1, jobs ?? os.availableParallelism());
  let l = limiters.get(n);
  if (!l) limiters.set(n, (l = new Limiter(n)));
  return l;
}

/** Find `name` on PATH (or accept an explicit path); undefined when absent. */
export function findExecutable(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  const ok = (p: string) => {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (name.includes('/')) return ok(name) ? path.resolve(name) : undefined;
  for (const dir of envPath.split(':')) {
    if (!dir) continue;
    const p = path.join(dir, name);
    if (ok(p)) return p;
  }
  return undefined;
}

/** Default flags: `-O2 -g -target bpf`, plus the multiarch include dir (asm/types.h) after the system ones. */
export function defaultFlags(): string[] {
  const flags = ['-O2', '-g', '-target', 'bpf'];
  const triple: Record<string, string> = { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu', arm: 'arm-linux-gnueabihf', s390x: 's390x-linux-gnu', ppc64: 'powerpc64le-linux-gnu', riscv64: 'riscv64-linux-gnu' };
  const t = triple[process.arch];
  if (t && fs.existsSync(`/usr/include/${t}`)) flags.push('-idirafter', `/usr/include/${t}`);
  // The system libbpf headers: /usr/include is searched by default; add /usr/local/include/bpf's parent if that is where they are.
  if (!fs.existsSync('/usr/include/bpf/bpf_helpers.h') && fs.existsSync('/usr/local/include/bpf/bpf_helpers.h')) {
    flags.push('-idirafter', '/usr/local/include');
  }
  return flags;
}

export { splitCommandLine };

const ccCache = new Map<string, unknown>();

/**
 * The preprocessor flags of `file`'s entry in the nearest compile_commands.json up the tree:
 * -I/-isystem/-iquote/-idirafter/-include/-imacros (paths made absolute), -D/-U, -std=.
 */
export function compileCommandsFlags(file: string): { flags: string[]; source?: string } {
  const abs = path.resolve(file);
  let dir = path.dirname(abs);
  for (;;) {
    const cc = path.join(dir, 'compile_commands.json');
    if (fs.existsSync(cc)) {
      let db = ccCache.get(cc);
      if (db === undefined) {
        try {
          db = JSON.parse(fs.readFileSync(cc, 'utf8'));
        } catch {
          db = [];
        }
        ccCache.set(cc, db);
      }
      if (!Array.isArray(db)) return { flags: [] };
      for (const e of db as { directory?: string; file?: string; arguments?: string[]; command?: string }[]) {
        if (!e || typeof e.file !== 'string') continue;
        const edir = path.resolve(dir, e.directory ?? '.');
        if (path.resolve(edir, e.file) !== abs) continue;
        const args = Array.isArray(e.arguments) ? e.arguments : splitCommandLine(e.command ?? '');
        return { flags: filterCcArgs(args.slice(1), edir), source: cc };
      }
      return { flags: [], source: cc };
    }
    const up = path.dirname(dir);
    if (up === dir) return { flags: [] };
    dir = up;
  }
}

function filterCcArgs(args: string[], dir: string): string[] {
  const out: string[] = [];
  const pathOpts = ['-I', '-isystem', '-iquote', '-idirafter', '-include', '-imacros'];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const po = pathOpts.find((o) => a === o || (a.startsWith(o) && (o === '-I' || a.length > o.length)));
    if (po) {
      const val = a === po ? args[++i] : a.slice(po.length);
      if (val !== undefined) out.push(po, path.resolve(dir, val));
      continue;
    }
    if (a === '-D' || a === '-U') {
      if (args[i + 1] !== undefined) out.push(a + args[++i]);
      continue;
    }
    if (a.startsWith('-D') || a.startsWith('-U') || a.startsWith('-std=')) out.push(a);
  }
  return out;
}

export function cacheDir(): string | undefined {
  const env = process.env.BPF_MIGRATE_CACHE;
  if (env !== undefined) return env === '' || env === '0' || env === 'off' ? undefined : path.resolve(env);
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg) return path.join(xdg, 'bpf-migrate');
  const nm = path.resolve('node_modules');
  if (fs.existsSync(nm)) return path.join(nm, '.cache', 'bpf-migrate');
  return path.join(os.homedir(), '.cache', 'bpf-migrate');
}

const DIAG_RE = /^(.+?):(\d+):(\d+): (fatal error|error|warning|note): (.*)$/;

export function parseDiagnostics(stderr: string): CompileDiagnostic[] {
  const out: CompileDiagnostic[] = [];
  for (const line of stderr.split('\n')) {
    const m = DIAG_RE.exec(line);
    if (m) out.push({ file: m[1], line: Number(m[2]), column: Number(m[3]), severity: m[4] as CompileDiagnostic['severity'], message: m[5] });
  }
  return out;
}

function sha(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function clangIdentity(clang: string): string {
  try {
    const real = fs.realpathSync(clang);
    const st = fs.statSync(real);
    return `${real}:${st.size}:${st.mtimeMs}`;
  } catch {
    return clang;
  }
}

function parseDepFile(text: string): string[] {
  const body = text.replace(/\\\r?\n/g, ' ');
  const colon = body.indexOf(': ');
  const rest = colon >= 0 ? body.slice(colon + 2) : body;
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (c === '\\' && rest[i + 1] === ' ') {
      cur += ' ';
      i++;
    } else if (/\s/.test(c)) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

interface CacheMeta {
  deps: { path: string; sha: string }[];
  stderr: string;
  notes?: string[];
}

function depsFresh(meta: CacheMeta): boolean {
  for (const d of meta.deps) {
    try {
      if (sha(fs.readFileSync(d.path)) !== d.sha) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number; stderr: string; spawnError?: NodeJS.ErrnoException }> {
  return new Promise((resolve) => {
    let stderr = '';
    let child;
    try {
      child = spawn(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      resolve({ code: -1, stderr: '', spawnError: e as NodeJS.ErrnoException });
      return;
    }
    // An interrupted check must not leave clang running on a removed temp dir.
    const unregister = registerCleanup(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (stderr += d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      unregister();
      resolve({ code: -1, stderr, spawnError: e });
    });
    child.on('close', (code) => {
      unregister();
      resolve({ code: code ?? -1, stderr });
    });
  });
}

/**
 * Compile `source` (text of the user's file `source.path`) to a BPF object.
 * Throws LoaderError ClangNotFound / LibbpfHeadersMissing; other compile failures are returned (`ok: false`).
 */
export async function compileSource(source: SourceInput, opts: CompileSourceOptions): Promise<CompileResult> {
  const cwd = opts.cwd ?? process.cwd();
  const userPath = path.resolve(cwd, source.path);
  const clangName = opts.clang ?? 'clang';
  const clang = findExecutable(clangName.includes('/') ? path.resolve(cwd, clangName) : clangName);
  if (!clang) throw new LoaderError('ClangNotFound', `'${clangName}' is not ${clangName.includes('/') ? 'an executable file' : 'on PATH'}`);

  // The build's own flags for this object when the caller has them (one compilation database entry), else the nearest database's.
  const userFlags = [
    ...(opts.buildFlags ?? compileCommandsFlags(userPath).flags),
    ...opts.includeDirs.flatMap((d) => ['-I', path.resolve(cwd, d)]),
    ...opts.defines.map((d) => `-D${d}`),
    ...opts.cflags,
  ];
  // Quote includes of the original file resolve against its directory, before any -I.
  const flags = [...defaultFlags(), '-iquote', path.dirname(userPath), ...userFlags, '-fno-color-diagnostics'];
  const base = path.basename(userPath);
  const shown = source.label ?? source.path;
  const legacyMapDef = opts.legacyMapDef === true;
  const key = sha(JSON.stringify([clangIdentity(clang), flags, userPath, shown, source.text, legacyMapDef ? LIBBPF0_MAP_DEF : null]));
  const cdir = cacheDir();

  if (cdir && !opts.preprocess) {
    try {
      const obj = path.join(cdir, `${key}.o`);
      const meta = JSON.parse(fs.readFileSync(path.join(cdir, `${key}.json`), 'utf8')) as CacheMeta;
      if (fs.existsSync(obj) && depsFresh(meta)) {
        const stderr = meta.stderr;
        return {
          ok: true, file: shown, objectPath: obj, object: fs.readFileSync(obj), diagnostics: parseDiagnostics(stderr), stderr,
          cached: true, args: [clang, ...flags], notes: meta.notes ?? [],
        };
      }
    } catch {
      /* miss */
    }
  }

  return limiter(opts.jobs).run(async () => {
    // Synchronous on purpose: the directory exists only once its cleanup is registered (no window for Ctrl-C).
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bpf-migrate-cc-'));
    const removeTmp = registerCleanup(() => fs.rmSync(tmp, { recursive: true, force: true }));
    try {
      const src = path.join(tmp, base.endsWith('.c') || base.endsWith('.h') ? base : `${base}.c`);
      const out = path.join(tmp, 'out.o');
      const dep = path.join(tmp, 'out.d');
      // #line makes clang name the user's file (and its line numbers) in diagnostics and debug info.
      // A byte-order mark is only allowed at the very start, so it goes before #line is added.
      const body = source.text.startsWith('\uFEFF') ? source.text.slice(1) : source.text;
      await fsp.writeFile(src, `#line 1 "${shown.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"\n${body}`);
      const mapDefHeader = path.join(tmp, MAP_DEF_HEADER);
      const compile = async (forceMapDef: boolean) => {
        const args = [...flags, ...(forceMapDef ? ['-include', mapDefHeader] : []), '-MD', '-MF', dep, '-c', src, '-o', out];
        const r = await run(clang, args, cwd);
        if (r.spawnError) {
          if (r.spawnError.code === 'ENOENT') throw new LoaderError('ClangNotFound', `'${clang}' could not be run`);
          throw r.spawnError;
        }
        return { ...r, args };
      };
      // Decided on the preprocessed text, so a header that defines the struct (the user's own copy, a
      // vendored libbpf 0.x, -include legacy_def.h) is seen and never redefined.
      const needsMapDef = async () => {
        const pp = path.join(tmp, 'out.i');
        const r = await run(clang, [...flags, '-E', src, '-o', pp], cwd);
        if (r.spawnError || r.code !== 0) return false; // the compile shows the error
        if (!usesUndefinedMapDef(await fsp.readFile(pp, 'utf8'))) return false;
        await fsp.writeFile(mapDefHeader, LIBBPF0_MAP_DEF);
        return true;
      };
      // Only sources that name the struct pay for the preprocessor run; one that reaches it through a
      // macro is caught by the compile error and compiled again.
      let forced = legacyMapDef && /\bbpf_map_def\b/.test(body) && (await needsMapDef());
      let r = await compile(forced);
      if (legacyMapDef && !forced && r.code !== 0 && /error: .*'struct bpf_map_def'/.test(r.stderr) && (await needsMapDef())) {
        forced = true;
        r = await compile(true);
      }
      const args = r.args;
      const notes = forced ? [MAP_DEF_NOTE] : [];
      const stderr = r.stderr.split(src).join(shown).split(mapDefHeader).join(MAP_DEF_SHOWN);
      const diagnostics = parseDiagnostics(stderr);
      const missing = diagnostics.find((d) => /'bpf\/bpf_[a-z_]+\.h' file not found/.test(d.message));
      if (r.code !== 0 && missing) {
        throw new LoaderError('LibbpfHeadersMissing', `${missing.file}:${missing.line}: ${missing.message}`);
      }
      if (r.code !== 0 || !fs.existsSync(out)) {
        return { ok: false, file: shown, diagnostics, stderr, cached: false, args: [clang, ...args], notes };
      }
      const object = await fsp.readFile(out);
      let preprocessed: string | undefined;
      if (opts.preprocess) {
        const pp = path.join(tmp, 'out.i');
        const e = await run(clang, [...flags, ...(forced ? ['-include', mapDefHeader] : []), '-E', src, '-o', pp], cwd);
        if (e.code === 0) preprocessed = (await fsp.readFile(pp, 'utf8')).split(src).join(shown);
      }
      let objectPath: string | undefined;
      if (cdir) {
        try {
          let deps: string[] = [];
          try {
            // The source copy and a forced-in header live in the temp dir, which is removed: not dependencies.
            deps = parseDepFile(await fsp.readFile(dep, 'utf8')).filter((d) => !path.resolve(cwd, d).startsWith(tmp + path.sep));
          } catch {
            /* no dep file */
          }
          const meta: CacheMeta = {
            deps: deps.map((d) => {
              const p = path.resolve(cwd, d);
              return { path: p, sha: sha(fs.readFileSync(p)) };
            }),
            stderr,
            notes,
          };
          await fsp.mkdir(cdir, { recursive: true });
          const objPath = path.join(cdir, `${key}.o`);
          const tmpObj = `${objPath}.${process.pid}.tmp`;
          await fsp.writeFile(tmpObj, object);
          await fsp.rename(tmpObj, objPath);
          const metaPath = path.join(cdir, `${key}.json`);
          await fsp.writeFile(`${metaPath}.${process.pid}.tmp`, JSON.stringify(meta));
          await fsp.rename(`${metaPath}.${process.pid}.tmp`, metaPath);
          objectPath = objPath;
        } catch {
          objectPath = undefined; // cache not writable: fine, just slower
        }
      }
      return { ok: true, file: shown, objectPath, object, diagnostics, stderr, cached: false, args: [clang, ...args], notes, preprocessed };
    } finally {
      removeTmp();
    }
  });
}
