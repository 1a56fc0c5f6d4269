#!/usr/bin/env node
// Re-checks every corpus/fuzz-found/HASH.input.c against the current build and lists which
// still break a property and which pass now. With --prune, deletes the ones that pass now
// (input and .failure.txt). Build first: npx tsc -p .
// usage: node scripts/fuzz-recheck.mjs [--prune]
import { readFileSync, readdirSync, unlinkSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { makeChecker } = await import(`${REPO}/dist/bench/fuzz-lib.js`);
const dir = join(REPO, 'corpus', 'fuzz-found');
const prune = process.argv.includes('--prune');
const checker = makeChecker(REPO);
let still = 0, fixed = 0;
for (const name of existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.input.c')).sort() : []) {
  const text = readFileSync(join(dir, name), 'utf8');
  const info = join(dir, name.replace(/\.input\.c$/, '.failure.txt'));
  const seedPath = existsSync(info) ? (readFileSync(info, 'utf8').match(/^seed file: (.*)$/m)?.[1] ?? 'corpus/legacy-elf-map/x.c') : 'corpus/legacy-elf-map/x.c';
  const f = checker.check({ path: seedPath, text }, text);
  if (f) { still++; console.log(`FAILS  ${name}: ${f.property}: ${f.detail.split('\n')[0]}`); continue; }
  fixed++;
  console.log(`passes ${name}${prune ? ' (removed)' : ''}`);
  if (prune) { unlinkSync(join(dir, name)); if (existsSync(info)) unlinkSync(info); }
}
console.log(`${still} still failing, ${fixed} passing now`);
