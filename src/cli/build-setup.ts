/** The CLI's side of the build context: finding the compilation database, and what a run says about its header search. */
import { DatabaseError, locateDatabase } from '../build/compile-commands.js';
import { headerSearchLines, mergeHeaderSearch, type HeaderSearchReport } from '../build/build-context.js';
import type { Colors } from './io.js';

/** `-p DIR` / `--compile-commands FILE`, else a compile_commands.json in a root or its build/. */
export function findCompileCommands(paths: string[], args: Record<string, unknown>, cwd: string): { path?: string; error?: string } {
  const given = args['compile-commands'];
  try {
    return { path: locateDatabase(given === undefined ? undefined : String(given), paths.filter((p) => p !== '-'), cwd) };
  } catch (e) {
    if (e instanceof DatabaseError) return { error: e.message };
    throw e;
  }
}

/** One note for the directories inferred in the whole run, one warning per ambiguous include. */
export function headerSearchOutput(reports: (HeaderSearchReport | undefined)[], cwd: string, c: Colors, quiet: boolean): string {
  const { note, warnings } = headerSearchLines(mergeHeaderSearch(reports), cwd);
  const out = warnings.map((w) => `bpf-migrate: ${c.yellow('warning')}: ${w}\n`);
  if (note && !quiet) out.unshift(`bpf-migrate: note: ${note}\n`);
  return out.join('');
}

/** The directories the run inferred, for the compiles that follow it (verify, --check --compile). */
export function inferredDirs(reports: (HeaderSearchReport | undefined)[]): string[] {
  return mergeHeaderSearch(reports).inferred;
}
