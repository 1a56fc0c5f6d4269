/** The CLI in-process: `execute` with captured output, as the user would see it on a terminal without colour. */
import { execute } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { ROOT } from './corpus.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `bpf-migrate ARGS` from `cwd` (the repository by default), on one thread (worker threads need dist/). */
export async function runCli(args: string[], opts: { stdin?: string; cwd?: string } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (s) => { stdout += s; },
    stderr: (s) => { stderr += s; },
    readStdin: async () => opts.stdin ?? '',
    stdoutIsTTY: false,
    stderrIsTTY: false,
    cwd: opts.cwd ?? ROOT,
  };
  const code = await execute(['--color', 'never', '-j', '1', ...args], io);
  return { code, stdout, stderr };
}
