#!/usr/bin/env node
// Shrinks a failing fuzz case (corpus/fuzz-found/HASH.input.c) by deleting lines, then
// characters, while the same property still fails. Prints the minimal input.
// usage: node scripts/fuzz-minimize.mjs corpus/fuzz-found/HASH.input.c [--seed-path corpus/legacy-elf-map/x.c]
import { readFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { makeChecker } = await import(`${REPO}/dist/bench/fuzz-lib.js`);
const file = process.argv[2];
const i = process.argv.indexOf('--seed-path');
const seedPath = i > 0 ? process.argv[i + 1] : 'corpus/legacy-elf-map/minimized.c';
const checker = makeChecker(REPO);
let text = readFileSync(file, 'utf8');
const want = checker.check({ path: seedPath, text }, text)?.property;
if (!want) { console.error('does not fail'); process.exit(1); }
const fails = (t) => checker.check({ path: seedPath, text: t }, t)?.property === want;
const shrink = (units, join) => {
  for (let chunk = Math.ceil(units.length / 2); chunk >= 1; chunk = Math.floor(chunk / 2)) {
    for (let at = 0; at < units.length; ) {
      const cand = [...units.slice(0, at), ...units.slice(at + chunk)];
      if (fails(cand.join(join))) units = cand; else at += chunk;
    }
  }
  return units;
};
text = shrink(text.split('\n'), '\n').join('\n');
const toks = text.split(/(?<=\s)(?=\S)/);
text = shrink(toks, '').join('');
console.log(`property: ${want}\n${checker.check({ path: seedPath, text }, text).detail}\n---- minimal input (JSON) ----\n${JSON.stringify(text)}\n---- text ----\n${text}`);
