/**
 * Shared by the property tests (test/robustness/properties.test.ts) and the fuzz driver
 * (bench/fuzz.ts): seed inputs, mutations of C text, and the properties every migration must
 * keep:
 *   1. migrate() never throws;
 *   2. the output has no more syntax errors than the input (tree-sitter on the whole file,
 *      known BTF/section macros masked on both sides);
 *   3. a second run is a no-op;
 *   4. every map the fixes name was declared in the input.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { migrate, statementSyntaxErrors } from '../src/core/engine.js';
import { HeaderCache } from '../src/core/headers.js';
import { FsIncludeProvider } from '../src/fs/include-provider.js';
import { rules } from '../rules/index.js';
import { Rng, generateElfMapFile, generateMapDefFile } from './generate.js';

export interface Seed {
  /** Path the engine is told the text lives at (for relative includes); relative to the repo. */
  path: string;
  text: string;
}

function walkCorpus(dir: string, out: string[]): void {
  let names: string[];
  try { names = readdirSync(dir); } catch { return; }
  for (const n of names.sort()) {
    const full = join(dir, n);
    let st;
    try { st = statSync(full); } catch { continue; }
    if (st.isDirectory()) { if (n !== 'include') walkCorpus(full, out); } else if (/\.(input|nofix)\.c$/.test(n)) out.push(full);
  }
}

/** corpus/**\/*.input.c and *.nofix.c, plus a few generated legacy programs (small, deterministic). */
export function loadSeeds(repo: string, generated = 8): Seed[] {
  const files: string[] = [];
  walkCorpus(join(repo, 'corpus'), files);
  const seeds: Seed[] = files.map((f) => ({ path: relative(repo, f), text: readFileSync(f, 'utf8') }));
  for (let i = 0; i < generated; i++) {
    const r = new Rng(0xf022 + i);
    const f = i % 4 === 3 ? generateMapDefFile(r, 2_000) : generateElfMapFile(r, 2_500, { maps: [1, 3], tailCalls: 0.6 });
    seeds.push({ path: `corpus/legacy-elf-map/generated-${i}.c`, text: f.text });
  }
  return seeds;
}

// ---------------------------------------------------------------------------------------------
// Mutations.

const TOKEN = /\s+|\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|[A-Za-z_]\w*|\d\w*|[^\s\w]/g;

export function tokens(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    if (!/^\s/.test(m[0])) out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

export type Mutation =
  | { kind: 'deleteToken'; at: number }
  | { kind: 'duplicateToken'; at: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'macroAround'; at: number; macro: number }
  | { kind: 'crlf' }
  | { kind: 'bom' }
  | { kind: 'nonAsciiComment'; at: number; text: number }
  | { kind: 'longLine'; at: number; length: number; style: number };

/** `at` values are fractions in [0, 1) of the token count / text length, so they fit any input (uniform: fc.double leans to 0). */
const frac = fc.integer({ min: 0, max: 999_999 }).map((x) => x / 1_000_000);
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('deleteToken' as const), at: frac }),
  fc.record({ kind: fc.constant('duplicateToken' as const), at: frac }),
  fc.record({ kind: fc.constant('truncate' as const), at: frac }),
  fc.record({ kind: fc.constant('macroAround' as const), at: frac, macro: fc.nat(9) }),
  fc.record({ kind: fc.constant('crlf' as const) }),
  fc.record({ kind: fc.constant('bom' as const) }),
  fc.record({ kind: fc.constant('nonAsciiComment' as const), at: frac, text: fc.nat(5) }),
  fc.record({ kind: fc.constant('longLine' as const), at: frac, length: fc.integer({ min: 1_000, max: 200_000 }), style: fc.nat(3) }),
);

const NON_ASCII = ['/* Größe der Tabelle – ändern! */', '// 统计每个流的字节数', '/* ☃ émoji 🚀 test */', '/* Ключ: адрес */',
  '// ملاحظة: الخريطة', '/* \u00a0non-breaking\u2028line sep */'];

const MACROS_AROUND: ((s: string) => string)[] = [
  (s) => `#ifdef ENABLE_FEATURE\n${s}\n#endif\n`,
  (s) => `#if 0\n${s}\n#endif\n`,
  (s) => `#ifndef SKIP\n${s}\n#else\n/* skipped */\n#endif\n`,
  (s) => `#define MAP_ATTR __attribute__((aligned(8)))\n${s}`,
  (s) => `__attribute__((unused)) ${s}`,
  (s) => `EXTRA_MACRO(${s})`,
  (s) => `#pragma once\n${s}\n#pragma pack(pop)\n`,
  (s) => `/* before */ ${s} /* after */`,
  (s) => `#define WRAP(x) x\nWRAP(${s})`,
  (s) => `#undef __section_maps\n#define __section_maps __section("maps")\n${s}\n`,
];

/** Top-level statement spans found cheaply: from a line start to a `;` or `}` at depth 0 ending a line. */
function topStatements(text: string): [number, number][] {
  const out: [number, number][] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}') { depth = Math.max(0, depth - 1); if (depth === 0 && text[i + 1] === '\n') { out.push([start, i + 1]); start = i + 2; } } else if (c === ';' && depth === 0) { out.push([start, i + 1]); start = i + 1; } else if (c === '\n' && depth === 0 && text[i + 1] === '#') start = text.indexOf('\n', i + 1) + 1 || text.length;
  }
  return out.filter(([a, b]) => b > a);
}

export function applyMutation(text: string, m: Mutation): string {
  switch (m.kind) {
    case 'deleteToken':
    case 'duplicateToken': {
      const toks = tokens(text);
      if (toks.length === 0) return text;
      const t = toks[Math.floor(m.at * toks.length)];
      return m.kind === 'deleteToken' ? text.slice(0, t.start) + text.slice(t.end) : text.slice(0, t.end) + ' ' + text.slice(t.start, t.end) + text.slice(t.end);
    }
    case 'truncate':
      return text.slice(0, Math.floor(m.at * text.length));
    case 'macroAround': {
      // Prefer the statements that declare legacy maps: that is where the engine works.
      const st = topStatements(text);
      const legacy = st.filter(([a, b]) => /bpf_elf_map|bpf_map_def|BPF_ANNOTATE_KV_PAIR|__section_tail/.test(text.slice(a, b)));
      const pool = legacy.length ? legacy : st;
      if (pool.length === 0) return text;
      const [a, b] = pool[Math.floor(m.at * pool.length)];
      const stmt = text.slice(a, b).replace(/^\s*\n/, '');
      const lead = text.slice(a, b).length - stmt.length;
      return text.slice(0, a + lead) + MACROS_AROUND[m.macro % MACROS_AROUND.length](stmt) + text.slice(b);
    }
    case 'crlf':
      return text.replace(/\r?\n/g, '\r\n');
    case 'bom':
      return text.startsWith('\uFEFF') ? text : '\uFEFF' + text;
    case 'nonAsciiComment': {
      const lines = text.split('\n');
      const i = Math.floor(m.at * lines.length);
      const c = NON_ASCII[m.text % NON_ASCII.length];
      lines.splice(i, 0, c.startsWith('//') ? c : c);
      // Also put one at the end of a line (inside a map initializer, often).
      const j = Math.floor(((m.at * 7919) % 1) * lines.length);
      if (lines[j] !== undefined && !lines[j].trimEnd().endsWith('\\') && !lines[j].includes('//')) lines[j] = `${lines[j]} /* ü ${m.text} */`;
      return lines.join('\n');
    }
    case 'longLine': {
      const lines = text.split('\n');
      const i = Math.floor(m.at * (lines.length + 1));
      let long: string;
      if (m.style === 0) long = `/* ${'x'.repeat(m.length)} */`;
      else if (m.style === 1) long = `#define LONG_MACRO ${Array.from({ length: Math.ceil(m.length / 6) }, (_, k) => `+${k % 97}`).join(' ')}`;
      else if (m.style === 2) long = `static const char long_str[] = "${'a'.repeat(m.length)}";`;
      else {
        // One very long line: the whole following statement joined on one line, then padded.
        return lines.slice(0, i).join('\n') + (i > 0 ? '\n' : '') + lines.slice(i).join(' ') + ' '.repeat(Math.min(m.length, 50_000)) + '\n';
      }
      lines.splice(i, 0, long);
      return lines.join('\n');
    }
  }
}

export function applyMutations(text: string, ms: Mutation[]): string {
  return ms.reduce(applyMutation, text);
}

// ---------------------------------------------------------------------------------------------
// Properties.

export interface Checker {
  check(seed: Seed, text: string): PropertyFailure | undefined;
}

export interface PropertyFailure {
  property: 'throws' | 'moreSyntaxErrors' | 'notIdempotent' | 'unknownMap';
  detail: string;
}

/**
 * Syntax errors as the engine counts them (each top-level statement on its own, preprocessor
 * lines and BTF/section macros blanked). A whole-file count lets tree-sitter's error recovery
 * carry one broken statement into its neighbours, so a rewrite next to a broken statement can
 * change the count without breaking anything.
 */
export function syntaxErrors(text: string): number {
  return statementSyntaxErrors(text);
}

function escapeRe(s: string): string { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

/** True when `name` is declared as a legacy map somewhere in `input`. */
export function declaredInInput(input: string, name: string): boolean {
  // Comments may sit between `struct` and its tag (`struct /* legacy */ bpf_elf_map`).
  const re = new RegExp(`struct(?:\\s|/\\*[\\s\\S]*?\\*/)+(?:bpf_elf_map|bpf_map_def)\\b[^;{}=]*?\\b${escapeRe(name)}\\b[^;{}=]*(?:=|;)`);
  // Or through a map-declaring macro at file scope: `BPF_PROG_ARRAY(jmp_tc, ...);`.
  const viaMacro = new RegExp(`(?:^|[;}]|\\*/)\\s*[A-Za-z_]\\w*\\s*\\(\\s*${escapeRe(name)}\\s*[,)]`, 'm');
  // Or through a name for the struct (a typedef or macro from a header): `map_t __section_maps NAME = {`.
  const viaAlias = new RegExp(`(?:^|[;}]|\\*/)\\s*[A-Za-z_]\\w*\\b[^;{}=]*\\b${escapeRe(name)}\\s*=\\s*\\{`, 'm');
  return re.test(input) || viaMacro.test(input) || viaAlias.test(input);
}

export function makeChecker(repo: string): Checker {
  const provider = new FsIncludeProvider([join(repo, 'corpus', 'include')]);
  const headerCache = new HeaderCache();
  const run = (path: string, text: string) => migrate(text, { path: join(repo, path), provider, headerCache, rules });
  return {
    check(seed, text) {
      let first;
      try {
        first = run(seed.path, text);
      } catch (e) {
        return { property: 'throws', detail: String((e as Error).stack ?? e) };
      }
      if (!first.changed) return undefined;
      const before = syntaxErrors(text);
      const after = syntaxErrors(first.output);
      if (after > before) return { property: 'moreSyntaxErrors', detail: `${before} syntax errors in the input, ${after} in the output` };
      const applied = new Set(first.apply?.applied ?? []);
      // Names a macro use builds (`NAME##_counter`, a second map of the same macro) are not in the text: the expansion declares them.
      const expanded = new Set(first.original?.file?.macroMaps.flatMap((u) => (u.expansion ? u.names : [])) ?? []);
      for (const f of first.fixes) {
        if (!applied.has(f.key)) continue;
        for (const s of f.subjects) if (!declaredInInput(text, s) && !expanded.has(s)) return { property: 'unknownMap', detail: `fix ${f.key} rewrites map '${s}', which the input does not declare` };
      }
      let second;
      try {
        second = run(seed.path, first.output);
      } catch (e) {
        return { property: 'throws', detail: `second run: ${String((e as Error).stack ?? e)}` };
      }
      if (second.output !== first.output) {
        return { property: 'notIdempotent', detail: `second run changed the output again (${second.fixes.flatMap((f) => f.subjects).join(', ')})` };
      }
      return undefined;
    },
  };
}
