/** Compiling corpus files with the system clang for the BPF target, as the tests need it. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const run = promisify(execFile);

/** Debian puts asm/ under the multiarch directory, which clang -target bpf does not search. */
export function multiarchIncludes(): string[] {
  return ['/usr/include/x86_64-linux-gnu', '/usr/include/aarch64-linux-gnu'].filter((d) => existsSync(d)).map((d) => `-I${d}`);
}

export async function clangAvailable(): Promise<boolean> {
  try { await run('clang', ['--version']); return true; } catch { return false; }
}

export interface CompileOutcome { file: string; ok: boolean; stderr: string; sections: string[] }

export async function compileBpf(file: string, out: string, includeDirs: string[]): Promise<CompileOutcome> {
  try {
    await run('clang', ['-O2', '-g', '-target', 'bpf', '-Wno-unused-value', ...includeDirs.map((d) => `-I${d}`), ...multiarchIncludes(), ...(file.endsWith('.h') ? ['-x', 'c'] : []), '-c', file, '-o', out]);
  } catch (e) {
    return { file, ok: false, stderr: String((e as { stderr?: string }).stderr ?? e), sections: [] };
  }
  const { stdout } = await run('llvm-objdump', ['-h', out]);
  const sections = stdout.split('\n').map((l) => /^\s*\d+\s+(\S+)/.exec(l)?.[1]).filter((s): s is string => Boolean(s));
  return { file, ok: true, stderr: '', sections };
}

export async function inPool<T, R>(items: T[], fn: (t: T) => Promise<R>, width = availableParallelism()): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.max(1, width) }, async () => {
    while (next < items.length) { const i = next++; out[i] = await fn(items[i]); }
  }));
  return out;
}
