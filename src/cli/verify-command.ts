/** `bpf-migrate verify` and `--write --verify`: placeholder until the loader lands. */
import type { CliIO, Colors } from './io.js';
import type { Rule } from '../core/rule.js';
import type { FileResult } from '../run/process-file.js';

export interface VerifyCommandInput {
  paths: string[];
  includeDirs: string[];
  rules: Rule[];
  args: Record<string, unknown>;
  io: CliIO;
  colors: Colors;
}

export async function runVerifyCommand(input: VerifyCommandInput): Promise<number> {
  input.io.stderr('bpf-migrate: verify is not available in this build\n');
  return 2;
}

export async function verifyChanged(_results: FileResult[], o: VerifyCommandInput): Promise<boolean> {
  o.io.stderr('bpf-migrate: --verify is not available in this build\n');
  return false;
}
