/**
 * vitest globalSetup: the tests that run the real binary (bin/bpf-migrate.js, the LSP server, the
 * pre-commit hooks) run dist/, so dist/ is rebuilt first whenever a source is newer than its output.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const SOURCES = ['src', 'rules', 'bench'];

function* typescriptFiles(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* typescriptFiles(p);
    else if (e.name.endsWith('.ts')) yield p;
  }
}

function mtime(path: string): number {
  try { return statSync(path).mtimeMs; } catch { return -1; }
}

/** A source whose compiled file is missing or older than it, or undefined when dist/ is current. */
function staleSource(): string | undefined {
  for (const dir of SOURCES) {
    for (const ts of typescriptFiles(join(ROOT, dir))) {
      const js = join(ROOT, 'dist', relative(ROOT, ts)).replace(/\.ts$/, '.js');
      if (mtime(js) < mtime(ts)) return relative(ROOT, ts);
    }
  }
  return undefined;
}

export default function setup(): void {
  const stale = staleSource();
  if (!stale) return;
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch (e) {
    // tsc still emits on type errors; the tests that run dist/ then show what is wrong, and `npm test` (tsc first) fails.
    const out = (e as { stdout?: Buffer }).stdout?.toString() ?? String(e);
    process.stderr.write(`build-dist: dist/ was stale (${stale}) and tsc reported errors:\n${out}\n`);
  }
}
