/**
 * The build context without the kernel: headers found by path suffix, the compilation database
 * read as clang-tidy reads it, command-line macros reaching the engine, header lists in messages.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { HeaderIndex } from '../src/fs/header-index.js';
import { CompilationDatabase, entryFlags, entryLabel, locateDatabase, DatabaseError } from '../src/build/compile-commands.js';
import { commandLineDefines, commonFlags, mergeHeaderSearch } from '../src/build/build-context.js';
import { FileProcessor } from '../src/run/process-file.js';
import { rules } from '../rules/index.js';
import { nameList } from '../src/core/name-list.js';
import { execute } from '../src/cli/main.js';
import type { CliIO } from '../src/cli/io.js';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bpf-migrate-ctx-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

async function run(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, readStdin: async () => '', stdoutIsTTY: false, stderrIsTTY: false, cwd };
  const code = await execute(argv, io);
  return { code, stdout, stderr };
}

const ELF_MAP = `struct bpf_elf_map {\n\t__u32 type, size_key, size_value, max_elem, flags, id, pinning, inner_id, inner_idx;\n};\n`;

/** A prog array and a tail program whose id and key come from macros. */
const TAIL_PROG = `#include <linux/bpf.h>
#include <linux/types.h>
#include <api.h>

struct bpf_elf_map __section("maps") jmp = {
	.type = BPF_MAP_TYPE_PROG_ARRAY, .id = JMP_ID, .size_key = 4, .size_value = 4, .max_elem = 8,
};

__section_tail(JMP_ID, SLOT) int t1(struct __sk_buff *skb) { return 0; }
__section("classifier") int entry(struct __sk_buff *skb) { return 0; }
`;
const API_H = `#define __section(S) __attribute__((section(S), used))
#define __str(X) #X
#define __section_tail(ID, KEY) __section(__str(ID) "/" __str(KEY))
${ELF_MAP}`;

describe('header index: includes resolved by path suffix', () => {
  it('finds a unique suffix under the roots and names the directory it stands for', () => {
    const dir = tree({ 'bpf/include/bpf/ctx/skb.h': '', 'bpf/node_config.h': '', 'bpf/prog.c': '' });
    const index = new HeaderIndex([join(dir, 'bpf')]);
    expect(index.lookup('bpf/ctx/skb.h')).toEqual({ kind: 'unique', path: join(dir, 'bpf/include/bpf/ctx/skb.h'), dir: join(dir, 'bpf/include') });
    expect(index.lookup('node_config.h')).toEqual({ kind: 'unique', path: join(dir, 'bpf/node_config.h'), dir: join(dir, 'bpf') });
    // A suffix is whole path components: "ctx/skb.h" is not "x/skb.h".
    expect(index.lookup('x/skb.h').kind).toBe('none');
    // A relative climb names a place next to the includer, never a header anywhere in the tree.
    expect(index.lookup('../node_config.h').kind).toBe('none');
  });

  it('reports an ambiguous suffix with every candidate and takes none', () => {
    const dir = tree({ 'a/lib/util.h': '', 'b/lib/util.h': '' });
    const m = new HeaderIndex([dir]).lookup('lib/util.h');
    expect(m).toEqual({ kind: 'ambiguous', candidates: [join(dir, 'a/lib/util.h'), join(dir, 'b/lib/util.h')] });
  });

  it('looks in the enclosing git work tree when the roots do not have the header', () => {
    const dir = tree({ 'include/proj/config.h': '#define X 1\n', 'src/prog.c': '' });
    execFileSync('git', ['init', '-q', dir]);
    const m = new HeaderIndex([join(dir, 'src')]).lookup('proj/config.h');
    expect(m).toMatchObject({ kind: 'unique', dir: join(dir, 'include') });
  });

  it('orders inferred directories as projects order -I: deeper first', () => {
    expect(mergeHeaderSearch([{ inferred: ['/t/bpf'], ambiguous: [] }, { inferred: ['/t/bpf/include', '/t/bpf'], ambiguous: [] }]).inferred)
      .toEqual(['/t/bpf/include', '/t/bpf']);
  });
});

describe('compilation database', () => {
  const entries = (dir: string) => JSON.stringify([
    { directory: join(dir, 'bpf'), file: 'prog.c', arguments: ['clang', '-O2', '-target', 'bpf', '-Iinclude', '-I', '.', '-DLXC_ID=42', '-include', 'cfg.h', '-std=gnu11', '-Wall', '-c', 'prog.c', '-o', 'a.o'] },
    { directory: join(dir, 'bpf'), file: 'prog.c', command: 'clang -O2 -target bpf -Iinclude -I. -DLXC_ID=42 "-DNAME=\\"v6\\"" -DENABLE_IPV6 -include cfg.h -c prog.c -o b.o' },
  ]);

  it('keeps every entry of a file and reads -I, -D, -include, -std and code generation from each', () => {
    const dir = tree({ 'bpf/prog.c': '' });
    writeFileSync(join(dir, 'compile_commands.json'), entries(dir));
    const db = CompilationDatabase.load(join(dir, 'compile_commands.json'));
    const list = db.entriesFor(join(dir, 'bpf/prog.c'));
    expect(list.map((e) => [e.ordinal, e.of])).toEqual([[1, 2], [2, 2]]);
    const f = entryFlags(list[0]);
    expect(f.search).toEqual([['-I', join(dir, 'bpf/include')], ['-I', join(dir, 'bpf')]]);
    expect(f.macros).toEqual(['-DLXC_ID=42']);
    expect(f.forced).toEqual([['-include', join(dir, 'bpf/cfg.h')]]);
    expect(f.std).toBe('-std=gnu11');
    expect(f.codegen).toEqual(['-O2', '-target', 'bpf']);
    expect(entryFlags(list[1]).macros).toEqual(['-DLXC_ID=42', '-DNAME="v6"', '-DENABLE_IPV6']);
    expect(entryLabel(list[1], list)).toBe('-DNAME="v6" -DENABLE_IPV6');
    expect(entryLabel(list[0], list)).toBe('entry 1 of 2');
    // Only what every entry agrees on is certain for a text migrated once for all of them.
    expect(commonFlags(list.map(entryFlags)).macros).toEqual(['-DLXC_ID=42']);
  });

  it('is found in a root, a directory above it, or their build/; a given path that holds none is an error', () => {
    const dir = tree({ 'bpf/prog.c': '', 'build/compile_commands.json': '[]' });
    expect(locateDatabase(undefined, [dir], '/')).toBe(join(dir, 'build/compile_commands.json'));
    expect(locateDatabase(undefined, [join(dir, 'bpf/prog.c')], '/')).toBe(join(dir, 'build/compile_commands.json'));
    expect(locateDatabase(join(dir, 'build'), [], '/')).toBe(join(dir, 'build/compile_commands.json'));
    expect(() => locateDatabase(join(dir, 'bpf'), [], '/')).toThrow(DatabaseError);
  });

  it('turns -D and -U into the definitions clang predefines', () => {
    expect(commandLineDefines(['-DA', '-DB=2', '-DF(x)=(x+1)', '-DC=3', '-UC'])).toBe('#define A 1\n#define B 2\n#define F(x) (x+1)\n');
  });

  it("gives the engine the entry's macros: an id defined only on the command line is evaluated", () => {
    const dir = tree({ 'bpf/prog.c': TAIL_PROG, 'bpf/include/api.h': API_H });
    const db = join(dir, 'compile_commands.json');
    writeFileSync(db, JSON.stringify([{ directory: join(dir, 'bpf'), file: 'prog.c', arguments: ['clang', '-Iinclude', '-DJMP_ID=3', '-DSLOT=2', '-c', 'prog.c'] }]));
    const errorsOf = (opts: { compileCommands?: string }) => new FileProcessor({ write: false, includeDirs: [join(dir, 'bpf/include')], rules, keepText: true, ...opts })
      .processPath(join(dir, 'bpf/prog.c'));
    const without = errorsOf({});
    expect(without.diagnostics.filter((d) => d.severity === 'error').map((d) => d.ruleId)).toContain('tail-call-prog-array');
    const withDb = errorsOf({ compileCommands: db });
    expect(withDb.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(withDb.output).toMatch(/\[SLOT\] = \(void \*\)&t1/);
  });
});

describe('-include from the compilation database', () => {
  it('a map macro that comes only from a forced include is still seen, expanded and migrated', () => {
    const macros = `#include <linux/types.h>\n#define __section(NAME) __attribute__((section(NAME), used))\n${ELF_MAP}#define COUNTER_MAP(NAME, MAX) struct bpf_elf_map __section("maps") NAME = { .type = BPF_MAP_TYPE_ARRAY, .size_key = sizeof(__u32), .size_value = sizeof(__u64), .max_elem = MAX }\n`;
    const dir = tree({ 'bpf/prog.c': '#include <linux/bpf.h>\n\nCOUNTER_MAP(hits, 16);\n', 'bpf/macros.h': macros });
    const db = join(dir, 'compile_commands.json');
    writeFileSync(db, JSON.stringify([{ directory: join(dir, 'bpf'), file: 'prog.c', arguments: ['clang', '-include', 'macros.h', '-c', 'prog.c'] }]));
    const processed = (opts: { compileCommands?: string }) => new FileProcessor({ write: false, includeDirs: [], rules, keepText: true, ...opts }).processPath(join(dir, 'bpf/prog.c'));
    expect(processed({}).status).toBe('unchanged');
    const r = processed({ compileCommands: db });
    expect(r.status).toBe('changed');
    expect(r.output).toMatch(/\} hits __section\("\.maps"\);/);
  });
});

describe('-D on the command line', () => {
  it('reaches the engine as a definition, as it reaches clang', async () => {
    const dir = tree({ 'bpf/prog.c': TAIL_PROG, 'bpf/include/api.h': API_H });
    const errors = async (flags: string[]) => {
      const r = await run(['--json', '-I', join(dir, 'bpf/include'), ...flags, join(dir, 'bpf/prog.c')], dir);
      const report = JSON.parse(r.stdout) as { files: { diagnostics: { ruleId: string; severity: string }[] }[] };
      return report.files[0].diagnostics.filter((d) => d.severity === 'error').map((d) => d.ruleId);
    };
    expect(await errors([])).toContain('tail-call-prog-array');
    expect(await errors(['-D', 'JMP_ID=3', '-DSLOT=2'])).toEqual([]);
  });
});

describe('header lists in diagnostics', () => {
  it('names each header once and cuts long lists with a count', () => {
    expect(nameList(['a.h', 'b.h', 'a.h'])).toBe('a.h, b.h');
    expect(nameList(['1', '2', '3', '4', '5', '6', '7', '8', '2'])).toBe('1, 2, 3, 4, 5, 6 and 2 more');
  });

  it('a header every other header includes and nobody can read is named once', async () => {
    const headers = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`inc/h${i}.h`, '#include <gen/autoconf.h>\n']));
    const includes = Object.keys(headers).map((h) => `#include "${h}"`).join('\n');
    const dir = tree({ ...headers, 'prog.c': `${includes}\n#include <linux/types.h>\n${ELF_MAP}struct bpf_elf_map __attribute__((section("maps"), used)) m = { .type = 1, .size_key = 4, .size_value = 4, .max_elem = 1 };\n` });
    const r = await run(['--json', join(dir, 'prog.c')], dir);
    const report = JSON.parse(r.stdout) as { files: { diagnostics: { ruleId: string; messageId: string; message: string }[] }[] };
    const unread = report.files[0].diagnostics.find((d) => d.messageId === 'unresolvedInclude');
    expect(unread?.ruleId).toBe('btf-map-includes');
    expect(unread!.message.split('gen/autoconf.h').length - 1).toBe(1);
  });

  it('warns once about an ambiguous include, naming the candidates', async () => {
    const dir = tree({ 'a/lib/util.h': '', 'b/lib/util.h': '', 'src/prog.c': '#include <lib/util.h>\n', 'src/other.c': '#include <lib/util.h>\n' });
    const r = await run([dir], dir);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('lib/util.h') && l.includes('warning'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('a/lib/util.h');
    expect(warnings[0]).toContain('b/lib/util.h');
  });
});
