/** The real binary on temporary trees: dry run, --write, --check, --json, stdin, bad files, exit codes. */
import { describe, expect, it, beforeEach } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, statSync, chmodSync, mkdirSync, chownSync, readdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, CORPUS_INCLUDE } from './support/corpus.js';

const BIN = join(ROOT, 'bin', 'bpf-migrate.js');

const LEGACY = `#include "bpf_api.h"

/* per-flow counters */
struct bpf_elf_map __section("maps") flows = {
\t.type\t\t= BPF_MAP_TYPE_HASH,
\t.size_key\t= sizeof(__u32),
\t.size_value\t= sizeof(__u64),\t/* packets */
\t.max_elem\t= 1024,
\t.pinning\t= PIN_GLOBAL_NS,
};

__section_cls_entry
int cls_main(struct __sk_buff *skb)
{
\t__u32 key = skb->mark;
\tmap_lookup_elem(&flows, &key);
\treturn 0;
}

BPF_LICENSE("GPL");
`;

const MIGRATED = `#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

/* per-flow counters */
struct {
\t__uint(type, BPF_MAP_TYPE_HASH);
\t__type(key, __u32);
\t__type(value, __u64);\t/* packets */
\t__uint(max_entries, 1024);
\t__uint(pinning, LIBBPF_PIN_BY_NAME);
} flows __section(".maps");

__section_cls_entry
int cls_main(struct __sk_buff *skb)
{
\t__u32 key = skb->mark;
\tmap_lookup_elem(&flows, &key);
\treturn 0;
}

BPF_LICENSE("GPL");
`;

const PLAIN = 'int add(int a, int b)\n{\n\treturn a + b;\n}\n';

function cli(args: string[], opts: { input?: string; cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [BIN, '--color', 'never', '-I', CORPUS_INCLUDE, ...args], { input: opts.input, cwd: opts.cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The problems of a --json report, by id: `rule/messageId severity line:column`. */
function problems(json: string): string[] {
  const report = JSON.parse(json) as { files: { diagnostics: { ruleId: string; messageId: string; severity: string; category: string; line: number; column: number }[] }[] };
  return report.files.flatMap((f) => f.diagnostics.filter((d) => d.category === 'problem').map((d) => `${d.ruleId}/${d.messageId} ${d.severity} ${d.line}:${d.column}`));
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bpf-migrate-cli-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'prog.c'), LEGACY);
  writeFileSync(join(dir, 'src', 'plain.c'), PLAIN);
  // A file that would need migrating but is ignored or vendored: never touched.
  mkdirSync(join(dir, 'node_modules'));
  writeFileSync(join(dir, 'node_modules', 'dep.c'), LEGACY);
  mkdirSync(join(dir, 'build'));
  writeFileSync(join(dir, 'build', 'gen.c'), LEGACY);
  writeFileSync(join(dir, '.gitignore'), 'build/\n');
});

describe('bpf-migrate CLI', () => {
  it('dry run prints a unified diff and changes nothing', () => {
    const before = statSync(join(dir, 'src', 'prog.c')).mtimeMs;
    const r = cli([dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--- ' + join(dir, 'src', 'prog.c'));
    expect(r.stdout).toContain('-struct bpf_elf_map __section("maps") flows = {');
    expect(r.stdout).toContain('+} flows __section(".maps");');
    expect(r.stdout).not.toContain('gen.c');
    expect(r.stdout).not.toContain('dep.c');
    expect(readFileSync(join(dir, 'src', 'prog.c'), 'utf8')).toBe(LEGACY);
    expect(statSync(join(dir, 'src', 'prog.c')).mtimeMs).toBe(before);
    expect(r.stderr).toMatch(/2 files scanned, 1 to change, 1 unchanged, 0 skipped, 0 errors/);
  });

  it('the summary counts files that keep maps it could not migrate, and the run exits 1', () => {
    const r = cli(['-I', CORPUS_INCLUDE, join(ROOT, 'corpus', 'legacy-elf-map', 'declarations-not-read.nofix.c')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/1 file scanned, 0 to change, 1 unchanged, 0 skipped, 0 errors; 1 file keeps legacy maps it could not migrate/);
  });

  it('--write rewrites atomically, keeps the mode, leaves other files alone', () => {
    const prog = join(dir, 'src', 'prog.c');
    chmodSync(prog, 0o640);
    const plain = join(dir, 'src', 'plain.c');
    utimesSync(plain, new Date(1_000_000_000_000), new Date(1_000_000_000_000));
    const r = cli(['--write', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${prog}: migrated flows\n`);
    expect(readFileSync(prog, 'utf8')).toBe(MIGRATED);
    expect(statSync(prog).mode & 0o777).toBe(0o640);
    expect(statSync(plain).mtimeMs).toBe(1_000_000_000_000);
    expect(readdirSync(join(dir, 'src')).sort()).toEqual(['plain.c', 'prog.c']);
    expect(readFileSync(join(dir, 'build', 'gen.c'), 'utf8')).toBe(LEGACY);
    // Idempotent: a second run finds nothing.
    const again = cli(['--write', dir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
  });

  it('--check exits 1 and lists pending files with rule ids, never writes; 0 once migrated', () => {
    const r = cli(['--check', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/prog\.c: needs migration \(flows\) \[.*legacy-elf-map.*\]/);
    expect(r.stdout).toMatch(/map-pinning/);
    expect(readFileSync(join(dir, 'src', 'prog.c'), 'utf8')).toBe(LEGACY);
    cli(['--write', dir]);
    expect(cli(['--check', dir]).code).toBe(0);
  });

  it('--json reports files, edits and diagnostics with positions', () => {
    const r = cli(['--json', dir]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ scanned: 2, changed: 1, unchanged: 1, skipped: 0, errors: 0 });
    const prog = report.files.find((f: { path: string }) => f.path.endsWith('prog.c'));
    expect(prog.status).toBe('changed');
    expect(prog.migrated).toEqual(['flows']);
    expect(prog.edits.length).toBeGreaterThan(3);
    const d = prog.diagnostics.find((x: { ruleId: string }) => x.ruleId === 'legacy-elf-map');
    expect(d).toMatchObject({ severity: 'warning', line: 4, column: 1, fixable: true, messageId: 'legacyMap' });
    for (const e of prog.edits) expect(e).toEqual({ start: expect.any(Number), end: expect.any(Number), line: expect.any(Number), column: expect.any(Number), text: expect.any(String) });
  });

  it('- reads stdin and writes the migrated source to stdout', () => {
    const r = cli(['-'], { input: LEGACY, cwd: CORPUS_INCLUDE });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(MIGRATED);
  });

  it('--stdin-filename finds includes from the given path; --check with - lists and exits 1', () => {
    // Run from the repository root: "bpf_api.h" is found only next to the given path.
    const given = join(CORPUS_INCLUDE, 'prog.c');
    const r = cli(['--stdin-filename', given, '-'], { input: LEGACY, cwd: ROOT });
    expect(r.stdout).toBe(MIGRATED);
    const check = cli(['--check', '--stdin-filename', given, '-'], { input: LEGACY, cwd: ROOT });
    expect(check.code).toBe(1);
    expect(check.stdout).toBe(`${given}: needs migration (flows) [btf-map-includes, legacy-elf-map, map-pinning]\n`);
    const clean = cli(['--check', '--stdin-filename', given, '-'], { input: MIGRATED, cwd: ROOT });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('');
  });

  it('binary and non-UTF-8 files get a clear message; the rest is still processed', () => {
    writeFileSync(join(dir, 'src', 'blob.c'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]));
    writeFileSync(join(dir, 'src', 'latin1.h'), Buffer.from('/* caf\xe9 */\nint x;\n', 'latin1'));
    const report = JSON.parse(cli(['--json', dir]).stdout) as { files: { path: string; status: string; reason?: string }[] };
    const status = (name: string) => report.files.find((f) => f.path.endsWith(name));
    expect(status('blob.c')).toMatchObject({ status: 'skipped', reason: expect.any(String) });
    expect(status('latin1.h')).toMatchObject({ status: 'skipped', reason: expect.any(String) });
    const r = cli(['--write', dir]);
    expect(r.stderr).toMatch(/blob\.c: skipped: \S/);
    expect(r.stderr).toMatch(/latin1\.h: skipped: \S/);
    expect(readFileSync(join(dir, 'src', 'prog.c'), 'utf8')).toBe(MIGRATED);
    expect(r.code).toBe(0);
  });

  it('an unreadable file is an error for that file only (run as an unprivileged user)', () => {
    const tree = mkdtempSync(join(tmpdir(), 'bpf-migrate-unreadable-'));
    chmodSync(tree, 0o777);
    for (const [name, text] of [['a.c', LEGACY], ['b.c', LEGACY]] as const) {
      writeFileSync(join(tree, name), text);
      chownSync(join(tree, name), 65534, 65534);
    }
    chmodSync(join(tree, 'a.c'), 0o000);
    chownSync(join(tree, 'a.c'), 0, 0);
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, '--color', 'never', '-I', CORPUS_INCLUDE, '--write', tree], { encoding: 'utf8' });
    expect(r.stderr).toMatch(/a\.c: (error|skipped): permission denied/);
    expect(readFileSync(join(tree, 'b.c'), 'utf8')).toBe(MIGRATED);
    expect(r.status).toBe(1);
  });

  it('a path that does not exist is a fatal error (exit 2)', () => {
    const r = cli([join(dir, 'nope')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope: error: cannot access: ENOENT/);
  });

  it('usage errors exit 2 with a hint', () => {
    expect(cli([]).code).toBe(2);
    const r = cli(['--write', '--check', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/exclude each other/);
    expect(cli(['--rule', 'no-such-rule', dir]).stderr).toMatch(/unknown rule 'no-such-rule'/);
  });

  it('a diagnostic of severity error makes the exit code 1', () => {
    writeFileSync(join(dir, 'src', 'custom.c'), LEGACY.replace('PIN_GLOBAL_NS', '42'));
    const r = cli([join(dir, 'src', 'custom.c')]);
    expect(r.code).toBe(1);
    // Which diagnostic, by id; then how the text output shows it (position, severity, rule, hint line).
    expect(problems(cli(['--json', join(dir, 'src', 'custom.c')]).stdout)).toEqual(['map-pinning/customPinning error 9:2']);
    expect(r.stderr).toMatch(/^\S*custom\.c:9:2: error \[map-pinning\] .+\n {2}hint: .+\n/m);
  });

  it('--disable-rule keeps what that rule would handle', () => {
    const r = cli(['--disable-rule', 'map-pinning', join(dir, 'src', 'prog.c')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(problems(cli(['--json', '--disable-rule', 'map-pinning', join(dir, 'src', 'prog.c')]).stdout)).toEqual(['engine/unhandledField error 9:2']);
  });

  it('--rule runs that rule with the rules it builds on, and nothing else', () => {
    const prog = join(dir, 'src', 'prog.c');
    expect(cli(['--rule', 'legacy-map-def', prog]).stdout).toBe('');
    const r = cli(['--rule', 'legacy-elf-map', '--write', prog]);
    expect(r.code).toBe(0);
    expect(readFileSync(prog, 'utf8')).toBe(MIGRATED);
  });

  it('shows progress on stderr only when it is a terminal', () => {
    for (let i = 0; i < 120; i++) writeFileSync(join(dir, 'src', `p${i}.c`), PLAIN);
    const plain = cli(['-j', '1', dir]);
    expect(plain.stderr).not.toMatch(/files\/s/);
    // `script` gives the CLI a pseudo-terminal.
    const tty = spawnSync('script', ['-qec', `${process.execPath} ${BIN} --color never -j 1 ${dir}`, '/dev/null'], { encoding: 'utf8' });
    expect(tty.stdout).toMatch(/\d+\/122 files, \d+ files\/s/);
  });

  it('--list-rules and explain print the registry and docs', () => {
    const list = cli(['--list-rules']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^legacy-elf-map\s+fix\s+Rewrite/m);
    const doc = cli(['explain', 'map-pinning']);
    expect(doc.code).toBe(0);
    expect(doc.stdout).toMatch(/^# map-pinning/);
  });
});
