/** Finds corpus cases: `<case>.input.c` + `<case>.output.c` pairs and `<case>.nofix.c` files. */
import { readdirSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { rules } from '../../rules/index.js';
import { migrate, type MigrateResult } from '../../src/core/engine.js';
import { HeaderCache } from '../../src/core/headers.js';
import { FsIncludeProvider } from '../../src/fs/include-provider.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CORPUS = join(ROOT, 'corpus');
export const CORPUS_INCLUDE = join(CORPUS, 'include');

export interface CorpusCase {
  ruleId: string;
  name: string;
  input: string;
  /** Expected output path, or undefined for a nofix case (expected: unchanged). */
  output?: string;
  /** `/* bpf-migrate-expect: RULE/MESSAGE-ID SEVERITY *\/` lines of a nofix case; messageId is '' where a line names none. */
  expect: { ruleId: string; messageId: string; severity: string }[];
  /** `<case>.snap.txt`: what the CLI prints for the case (diagnostics and diff), reviewed like code. */
  snapshot: string;
  /** `/* bpf-migrate-options: --tail-call-section tc *\/` */
  tailCallSection?: string;
  /** `--prog-type T` in the options comment: program type for sections libbpf does not know, when verifying. */
  progType?: string;
  /**
   * `/* bpf-migrate-load-fails: MAP *\/`: the migrated object cannot be loaded on its own because
   * its loader must provide something first (a map-in-map's inner map fd): its load must fail
   * at that map, and at that map only.
   */
  loadFailsAt?: string;
}

function walkFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) { if (e !== 'include') out.push(...walkFiles(p)); } else out.push(p);
  }
  return out.sort();
}

export function corpusCases(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const file of walkFiles(CORPUS)) {
    const rel = relative(CORPUS, file);
    const ruleId = rel.split('/')[0];
    // Headers (.h) are cases too: some rules decide differently for a file other files include.
    const m = /^(.*)\.(input|nofix)\.([ch])$/.exec(file);
    if (!m) continue;
    const text = readFileSync(file, 'utf8');
    const expect = [...text.matchAll(/bpf-migrate-expect:\s*([\w-]+)(?:\/(\w+))?\s+(error|warning|info)/g)]
      .map((x) => ({ ruleId: x[1], messageId: x[2] ?? '', severity: x[3] }));
    const options = /bpf-migrate-options:([^*]*)\*\//.exec(text)?.[1] ?? '';
    const tailCallSection = /--tail-call-section\s+(\S+)/.exec(options)?.[1];
    const progType = /--prog-type\s+(\S+)/.exec(options)?.[1];
    const loadFailsAt = /bpf-migrate-load-fails:\s*(\w+)/.exec(text)?.[1];
    const c: CorpusCase = { ruleId, name: m[1].slice(CORPUS.length + 1), input: file, expect, snapshot: `${m[1]}.snap.txt`, tailCallSection, progType, loadFailsAt };
    if (m[2] === 'input') c.output = `${m[1]}.output.${m[3]}`;
    cases.push(c);
  }
  return cases;
}

/** Output files with no input beside them: a case that can never run. */
export function orphanOutputs(): string[] {
  return walkFiles(CORPUS).filter((f) => /\.output\.[ch]$/.test(f) && !existsSync(f.replace(/\.output\.([ch])$/, '.input.$1')));
}

/** Snapshots whose case is gone (renamed or deleted): delete them, or regenerate with `-u`. */
export function orphanSnapshots(): string[] {
  const snapshots = new Set(corpusCases().map((c) => c.snapshot));
  return walkFiles(CORPUS).filter((f) => f.endsWith('.snap.txt') && !snapshots.has(f));
}

const cache = new HeaderCache();
const provider = new FsIncludeProvider([CORPUS_INCLUDE]);

export function runMigrate(path: string, text: string, tailCallSection?: string): MigrateResult {
  return migrate(text, { path, provider, headerCache: cache, rules, tailCallSection });
}
