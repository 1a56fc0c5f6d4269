/**
 * The hooks as a user meets them: the real `pre-commit try-repo` against a snapshot of this
 * checkout (committed in a temporary repository, without dist/), and the plain-git hook.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CORPUS_INCLUDE, FIXTURES, REPO, ensureBuilt, haveTool } from '../lsp/helpers.js';

const GIT_ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
/** Runs a command without blocking the test worker's event loop (vitest times out a blocked worker). */
function run(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeout: number }): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => p.kill('SIGKILL'), opts.timeout);
    p.on('close', (status) => { clearTimeout(timer); resolve({ status, stdout, stderr }); });
  });
}

const hasPreCommit = haveTool('pre-commit', ['--version']);

/** A user's repository with one legacy file staged, and the headers it needs. */
function userRepo(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bpf-migrate-user-'));
  git(dir, 'init', '-q');
  cpSync(CORPUS_INCLUDE, join(dir, 'include'), { recursive: true });
  mkdirSync(join(dir, 'src'));
  copyFileSync(join(FIXTURES, 'annotated-map.input.c'), join(dir, 'src/prog.c'));
  writeFileSync(join(dir, 'README'), 'not C\n');
  git(dir, 'add', '-A');
  return { dir, file: join(dir, 'src/prog.c') };
}

/** This checkout's files (tracked and untracked, as git would list them) committed in a fresh repository. */
function snapshotOfThisCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bpf-migrate-hookrepo-'));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of files) {
    try {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      copyFileSync(join(REPO, f), join(dir, f));
    } catch { /* deleted in the work tree */ }
  }
  chmodSync(join(dir, 'scripts/precommit-bpf-migrate'), 0o755);
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'update-index', '--chmod=+x', 'scripts/precommit-bpf-migrate');
  git(dir, 'commit', '-qm', 'snapshot');
  return dir;
}

describe.runIf(hasPreCommit)('pre-commit hooks (real pre-commit)', () => {
  let hookRepo = '';
  let home = '';
  beforeAll(() => {
    hookRepo = snapshotOfThisCheckout();
    home = mkdtempSync(join(tmpdir(), 'bpf-migrate-pchome-'));
  });
  const env = () => ({ ...process.env, PRE_COMMIT_HOME: home, ...GIT_ENV });

  // Each try-repo clones the hook repository afresh, and the hook's first run installs and
  // builds it (npm ci compiles tree-sitter: most of this test's time): so one try-repo run,
  // with both hooks (try-repo runs them by id: bpf-migrate, the check, then bpf-migrate-fix).
  it('try-repo from a clean clone: the check fails naming the file and rules, the fix rewrites it', async () => {
    const { dir, file } = userRepo();
    const r = await run('pre-commit', ['try-repo', hookRepo, '--verbose'], { cwd: dir, timeout: 170_000, env: env() });
    const out = r.stdout + r.stderr;
    expect(r.status, out).toBe(1);
    expect(out).toContain('bpf-migrate: first run, installing');
    expect(out).toMatch(/bpf-migrate \(legacy eBPF maps\)\.+Failed/);
    expect(out).toContain('src/prog.c: needs migration (conns) [');
    expect(out).toContain('legacy-map-def');
    expect(out).not.toContain('README');
    expect(out).toMatch(/bpf-migrate --write \(migrate legacy eBPF maps\)\.+Failed/);
    expect(out).toContain('files were modified by this hook');
    expect(readFileSync(file, 'utf8')).not.toContain('struct bpf_map_def');
    expect(readFileSync(file, 'utf8')).toContain('} conns __section(".maps");');
  }, 180_000);

  it('from a .pre-commit-config.yaml with -I: fix gives exactly the CLI output, then both hooks pass', async () => {
    const { dir, file } = userRepo();
    writeFileSync(join(dir, '.pre-commit-config.yaml'), [
      'repos:',
      `- repo: ${hookRepo}`,
      `  rev: ${git(hookRepo, 'rev-parse', 'HEAD').trim()}`,
      '  hooks:',
      '  - id: bpf-migrate',
      '    args: [-I, include]',
      '  - id: bpf-migrate-fix',
      '    args: [-I, include]',
      '',
    ].join('\n'));
    git(dir, 'add', '-A');
    const first = await run('pre-commit', ['run', '--verbose'], { cwd: dir, timeout: 170_000, env: env() });
    expect(first.status, first.stdout + first.stderr).toBe(1);
    expect(first.stdout).toContain('src/prog.c: needs migration (conns)');
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(join(FIXTURES, 'annotated-map.output.c'), 'utf8'));

    git(dir, 'add', '-A');
    const again = await run('pre-commit', ['run', '--verbose'], { cwd: dir, timeout: 60_000, env: env() });
    const out = again.stdout + again.stderr;
    expect(again.status, out).toBe(0);
    expect(out).toMatch(/bpf-migrate \(legacy eBPF maps\)\.+Passed/);
    expect(out).toMatch(/bpf-migrate --write \(migrate legacy eBPF maps\)\.+Passed/);
    expect(out).not.toContain('first run'); // the installed hook is reused
  }, 180_000);
});

describe('plain-git hook (scripts/precommit-git-hook)', () => {
  it('refuses the commit naming the file, and lets it through once migrated', () => {
    ensureBuilt();
    const { dir, file } = userRepo();
    copyFileSync(join(REPO, 'scripts/precommit-git-hook'), join(dir, '.git/hooks/pre-commit'));
    chmodSync(join(dir, '.git/hooks/pre-commit'), 0o755);
    const env = { ...process.env, ...GIT_ENV, BPF_MIGRATE: `node ${join(REPO, 'bin/bpf-migrate.js')}`, BPF_MIGRATE_ARGS: '-I include' };
    const commit = () => spawnSync('git', ['commit', '-qm', 'add prog'], { cwd: dir, encoding: 'utf8', env });
    const refused = commit();
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain('src/prog.c: needs migration (conns)');

    const fixed = spawnSync('git', ['commit', '-qm', 'add prog'], { cwd: dir, encoding: 'utf8', env: { ...env, BPF_MIGRATE_FIX: '1' } });
    expect(fixed.status).not.toBe(0);
    expect(fixed.stderr).toContain('review the changes, git add them');
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(join(FIXTURES, 'annotated-map.output.c'), 'utf8'));

    git(dir, 'add', '-A');
    const ok = commit();
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);

    // What counts is what is staged: a legacy version in the index is refused even when the work
    // tree already holds the migrated one, and the other way round goes through.
    const legacy = readFileSync(join(FIXTURES, 'annotated-map.input.c'), 'utf8');
    const migrated = readFileSync(join(FIXTURES, 'annotated-map.output.c'), 'utf8');
    const other = join(dir, 'src/other.c');
    writeFileSync(other, legacy);
    git(dir, 'add', 'src/other.c');
    writeFileSync(other, migrated);
    const stagedLegacy = spawnSync('git', ['commit', '-qm', 'other'], { cwd: dir, encoding: 'utf8', env });
    expect(stagedLegacy.status).not.toBe(0);
    expect(stagedLegacy.stdout + stagedLegacy.stderr).toContain('src/other.c: needs migration (conns)');
    git(dir, 'add', 'src/other.c');
    writeFileSync(other, legacy);
    const stagedMigrated = spawnSync('git', ['commit', '-qm', 'other'], { cwd: dir, encoding: 'utf8', env });
    expect(stagedMigrated.status, stagedMigrated.stdout + stagedMigrated.stderr).toBe(0);
  }, 60_000);
});
