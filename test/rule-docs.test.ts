/**
 * Each rule's documented example behaves as written: the code block before "becomes" migrates
 * (through the real engine, with the corpus headers) to a text that contains the block after it.
 * The after block may leave out what the fix adds elsewhere (the helpers include), nothing else.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../rules/index.js';
import { CORPUS, ROOT, runMigrate } from './support/corpus.js';

interface DocExample { before: string; after: string; line: number }

/** Pairs of fenced C blocks joined by a line that says "becomes". */
function docExamples(markdown: string): DocExample[] {
  const out: DocExample[] = [];
  const re = /```c\n([\s\S]*?)```\n\s*becomes\s*\n```c\n([\s\S]*?)```/g;
  for (const m of markdown.matchAll(re)) out.push({ before: m[1], after: m[2], line: markdown.slice(0, m.index).split('\n').length });
  return out;
}

describe('rule docs', () => {
  for (const rule of rules) {
    const id = rule.meta.id;
    const doc = readFileSync(join(ROOT, 'rules', id, 'README.md'), 'utf8');
    const examples = docExamples(doc);
    it(`rules/${id}/README.md shows an example: a \`\`\`c block, a line "becomes", and the block it becomes`, () => {
      expect(examples.length).toBeGreaterThan(0);
    });
    for (const ex of examples) {
      it(`rules/${id}/README.md:${ex.line}: the example migrates as shown`, () => {
        const r = runMigrate(join(CORPUS, id, 'doc-example.c'), ex.before);
        const problems = r.diagnostics.filter((d) => d.category === 'problem' && d.severity === 'error').map((d) => `${d.ruleId}/${d.messageId}`);
        expect(problems).toEqual([]);
        expect(r.changed).toBe(true);
        expect(r.output).toContain(ex.after);
      });
    }
  }
});
