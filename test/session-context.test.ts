/**
 * One build context per thread per command (src/run/parallel.ts processorFor, keyed by
 * `session`; src/cli/main.ts gives each command its own). Within a command the runs share what
 * they read of the headers; across commands nothing is shared, so a header changed between two
 * commands run in the same process is read anew, never answered from the earlier command.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processorFor, type ParallelProcessOptions } from '../src/run/parallel.js';
import type { FileProcessor, FileResult } from '../src/run/process-file.js';
import type { BuildContext } from '../src/build/build-context.js';
import { rules } from '../rules/index.js';
import { runCli } from './support/cli.js';

/** The map's section macro comes from maps.h: without it the map is refused, with it the map is migrated. */
const PROG = `#include "maps.h"

struct bpf_elf_map MAPS_SECTION flows = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 64,
};
`;
const HEADER_WITHOUT = '#ifndef MAPS_H\n#define MAPS_H\n#define FLOWS_MAX 64\n#endif\n';
const HEADER_WITH = '#ifndef MAPS_H\n#define MAPS_H\n#define FLOWS_MAX 64\n#define MAPS_SECTION __attribute__((section("maps"), used))\n#endif\n';
const REFUSED = 'legacy-elf-map/unknownMacroInHead';

function project(): { dir: string; prog: string; header: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bpf-migrate-session-'));
  const prog = join(dir, 'prog.c');
  const header = join(dir, 'maps.h');
  writeFileSync(prog, PROG);
  writeFileSync(header, HEADER_WITHOUT);
  return { dir, prog, header };
}

describe('two commands in one process', () => {
  it('the second sees the header as changed after the first: no header is kept from an earlier command', async () => {
    const { prog, header } = project();
    const ids = (stdout: string) => (JSON.parse(stdout) as { files: { diagnostics: { ruleId: string; messageId: string }[] }[] })
      .files.flatMap((f) => f.diagnostics.map((d) => `${d.ruleId}/${d.messageId}`));

    const first = await runCli(['--format', 'json', prog]);
    expect(ids(first.stdout)).toContain(REFUSED);
    expect(first.code).toBe(1);

    writeFileSync(header, HEADER_WITH);
    const second = await runCli(['--write', '--format', 'json', prog]);
    expect(ids(second.stdout)).not.toContain(REFUSED);
    expect(second.code, second.stderr).toBe(0);
    expect(readFileSync(prog, 'utf8')).toMatch(/\} flows __attribute__\(\(section\("\.maps"\), used\)\);/);
  });
});

describe('processorFor', () => {
  const context = (p: FileProcessor) => (p as unknown as { context: BuildContext }).context;
  const options = (session?: string, includeDirs: string[] = []): ParallelProcessOptions =>
    ({ write: false, includeDirs, ruleIds: rules.map((r) => r.meta.id), session });
  const refused = (r: FileResult) => r.diagnostics.some((d) => `${d.ruleId}/${d.messageId}` === REFUSED);

  it('gives the processors of one session one build context, and so one header cache', () => {
    const { prog } = project();
    const session = randomUUID();
    const a = processorFor(options(session));
    const b = processorFor(options(session));
    expect(b).not.toBe(a);
    expect(context(b)).toBe(context(a));
    expect(context(b).forFile(prog).headerCache).toBe(context(a).forFile(prog).headerCache);
  });

  it('gives another session, no session, or other include directories a build context of their own', () => {
    const { prog, dir } = project();
    const session = randomUUID();
    const a = processorFor(options(session));
    const others = [processorFor(options(session, [dir])), processorFor(options(randomUUID())), processorFor(options(undefined))];
    for (const o of others) {
      expect(context(o)).not.toBe(context(a));
      expect(context(o).forFile(prog).headerCache).not.toBe(context(a).forFile(prog).headerCache);
    }
  });

  it('reads a header once per session: another session, or none, reads it as it is now', () => {
    const { prog, header } = project();
    const session = randomUUID();
    expect(refused(processorFor(options(session)).processText(prog, PROG))).toBe(true);
    writeFileSync(header, HEADER_WITH);
    // Same command: answered from what the session already read.
    expect(refused(processorFor(options(session)).processText(prog, PROG))).toBe(true);
    // Another command, or a processor outside any: the header as it is on disk.
    expect(refused(processorFor(options(randomUUID())).processText(prog, PROG))).toBe(false);
    expect(refused(processorFor(options(undefined)).processText(prog, PROG))).toBe(false);
  });
});
