/**
 * What the loader tests need from the machine. Locally a missing piece skips; under CI=true it fails
 * (CI runs as root on a kernel with BPF, so nothing may skip there).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'vitest';
import { checkPrivileges } from '../../src/loader/privilege.js';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function fixture(name: string): { path: string; text: string } {
  const p = path.join(FIXTURES, name);
  return { path: p, text: fs.readFileSync(p, 'utf8') };
}

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

function libbpfLoads(): boolean {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return spawnSync(process.execPath, ['-e', "require('koffi').load('libbpf.so.1')"], { cwd: REPO }).status === 0;
  } catch {
    return false;
  }
}

export const ENV = {
  clang: has('clang'),
  libbpfHeaders: fs.existsSync('/usr/include/bpf/bpf_helpers.h') || fs.existsSync('/usr/local/include/bpf/bpf_helpers.h'),
  libbpf: libbpfLoads(),
  privileged: checkPrivileges().ok,
  setpriv: has('setpriv'),
  btf: fs.existsSync('/sys/kernel/btf/vmlinux'),
};

const CI = process.env.CI === 'true';

/**
 * `it` that needs `reqs`: skipped locally when one is missing, failing under CI=true.
 */
export function itNeeds(reqs: (keyof typeof ENV)[], name: string, fn: () => Promise<void> | void, timeout?: number): void {
  const missing = reqs.filter((r) => !ENV[r]);
  if (missing.length === 0) {
    it(name, fn, timeout);
  } else if (CI) {
    it(name, () => {
      throw new Error(`CI=true but this machine lacks: ${missing.join(', ')}`);
    });
  } else {
    it.skip(`${name} (needs ${missing.join(', ')})`, fn);
  }
}

export const NO_OPTS = { includeDirs: [] as string[], defines: [] as string[], cflags: [] as string[] };

/**
 * Bundle a small ESM script (which may import ../../src/loader/*.ts by absolute path) into a plain .mjs
 * that `node` can run in a child process, e.g. as another user. The bundle lives under
 * node_modules/.cache so that `koffi` resolves; its directory is world-readable.
 */
export async function bundleScript(code: string): Promise<{ file: string; cleanup: () => void }> {
  const { build } = await import('esbuild');
  const base = path.join(REPO, 'node_modules', '.cache', 'bpf-migrate-test');
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, 'run-'));
  fs.chmodSync(base, 0o755);
  fs.chmodSync(dir, 0o755);
  const entry = path.join(dir, 'entry.ts');
  fs.writeFileSync(entry, code);
  const file = path.join(dir, 'script.mjs');
  await build({
    entryPoints: [entry], outfile: file, bundle: true, platform: 'node', format: 'esm', target: 'node20',
    external: ['koffi'], logLevel: 'silent',
  });
  fs.chmodSync(file, 0o644);
  return { file, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export const LOADER_INDEX = path.join(REPO, 'src', 'loader', 'index.ts');
