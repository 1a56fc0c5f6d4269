/** The registry is complete: every rule file registered, documented, exercised by the corpus. */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../rules/index.js';
import { withRequirements } from '../src/core/engine.js';
import { MAP_READ_HINTS } from '../rules/shared/map-read.js';
import { corpusCases, runMigrate, ROOT } from './support/corpus.js';
import { cliArgs, copyInput, filesUnder, treeCases } from './support/tree-corpus.js';
import { runCli } from './support/cli.js';

const seen = new Set<string>();
for (const c of corpusCases()) {
  for (const d of runMigrate(c.input, readFileSync(c.input, 'utf8'), c.tailCallSection).diagnostics) seen.add(`${d.ruleId}/${d.messageId}`);
}
// Tree cases count twice: as a run over the tree reports them, and file by file as an editor sees them (no tree).
const treeRuns = await Promise.all(treeCases().map(async (c) => {
  const root = copyInput(c);
  const r = await runCli(['--format', 'json', ...cliArgs(c, root)]);
  return (JSON.parse(r.stdout) as { files: { diagnostics: { ruleId: string; messageId: string }[] }[] }).files.flatMap((f) => f.diagnostics);
}));
for (const d of treeRuns.flat()) seen.add(`${d.ruleId}/${d.messageId}`);
for (const c of treeCases()) {
  for (const f of filesUnder(c.input).filter((x) => /\.[ch]$/.test(x))) {
    for (const d of runMigrate(join(c.input, f), readFileSync(join(c.input, f), 'utf8')).diagnostics) seen.add(`${d.ruleId}/${d.messageId}`);
  }
}

describe('rule registry', () => {
  it('registers every rule file', () => {
    // A rule is a folder with an index.ts (rules/shared holds what several rules use).
    const files = readdirSync(join(ROOT, 'rules'), { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'shared').map((e) => e.name);
    expect(rules.map((r) => r.meta.id).sort()).toEqual(files.sort());
  });

  it('requires points one way: a rule builds on the rules that read maps, never the reverse, and selection brings the field rules', () => {
    const byId = new Map(rules.map((r) => [r.meta.id, r]));
    const reaches = (from: string, to: string, seen = new Set<string>()): boolean =>
      (byId.get(from)?.requires ?? []).some((d) => d === to || (!seen.has(d) && (seen.add(d), reaches(d, to, seen))));
    for (const r of rules) expect(reaches(r.meta.id, r.meta.id), `${r.meta.id} requires itself through others`).toBe(false);
    for (const r of rules.filter((x) => x.meta.readsMaps)) expect(r.requires ?? []).toEqual([]);
    const ids = (sel: string[]) => withRequirements(sel.map((id) => byId.get(id)!), rules).map((r) => r.meta.id).sort();
    expect(ids(['map-pinning'])).toEqual(ids(['legacy-elf-map']));
    expect(ids(['legacy-map-def'])).not.toContain('map-pinning');
    expect(ids(['legacy-map-def'])).not.toContain('legacy-elf-map');
  });

  for (const rule of rules) {
    const id = rule.meta.id;
    it(`${id}: has a doc that starts with its id and a corpus folder`, () => {
      const doc = join(ROOT, 'rules', id, 'README.md');
      expect(existsSync(doc)).toBe(true);
      expect(readFileSync(doc, 'utf8').startsWith(`# ${id}\n`)).toBe(true);
      expect(corpusCases().some((c) => c.ruleId === id)).toBe(true);
    });
    it(`${id}: every diagnostic that asks the user to decide is shown by some corpus case`, () => {
      // The two map rules share their "cannot read this declaration" messages: one case for either counts.
      const shared = (m: string) => m in MAP_READ_HINTS && (seen.has(`legacy-elf-map/${m}`) || seen.has(`legacy-map-def/${m}`));
      const missing = Object.keys(rule.meta.hints ?? {}).filter((m) => rule.meta.hints![m] && !seen.has(`${id}/${m}`) && !shared(m));
      expect(missing).toEqual([]);
    });
  }
});
