/**
 * The object as the proof that nothing legacy is left: compile a source as the build does, read
 * the symbols of its ELF section `maps` (libbpf 1.x refuses the object while it has one) and say
 * where each came from: the line of its declaration and, when a macro wrote it, that macro.
 */
import * as fs from 'node:fs';
import { compileSource, type CompileSourceOptions, type SourceInput } from './compile.js';
import { ElfFile, STT_OBJECT } from './elf.js';

export interface LeftMap {
  name: string;
  /** Where the declaration is, as the preprocessor placed it (the macro's use for a map a macro declares). */
  file?: string;
  line?: number;
  /** The macro whose use declared it, when the declaration line is a macro call. */
  macro?: string;
}

export interface LegacyLeftResult {
  file: string;
  /** Undefined when the source did not compile (then `error` says why). */
  maps?: LeftMap[];
  error?: string;
}

/** Section and attribute spellings on a declaration line that are no map-declaring macro. */
const NOT_A_MAP_MACRO = new Set(['__section', 'SEC', '__attribute__', '__attribute', 'section', 'sizeof', '__section_maps', 'BPF_ANNOTATE_KV_PAIR', 'used', 'aligned']);

/** Line markers of `clang -E` output: `# 12 "bpf/lib/maps.h" 2`. */
const MARKER = /^# (\d+) "((?:[^"\\]|\\.)*)"/;

/** The original place of the first line of the preprocessed text that declares `name` in section "maps". */
function declarationLine(preprocessed: string[], name: string): { file: string; line: number } | undefined {
  const word = new RegExp(`(^|[^A-Za-z0-9_])${name.replace(/[$]/g, '\\$&')}([^A-Za-z0-9_]|$)`);
  let file = '';
  let line = 0;
  let candidate: { file: string; line: number } | undefined;
  for (let i = 0; i < preprocessed.length; i++) {
    const text = preprocessed[i];
    const m = MARKER.exec(text);
    if (m) { line = Number(m[1]); file = m[2].replace(/\\(.)/g, '$1'); continue; }
    if (word.test(text)) {
      // The declaration is the statement around the name that names section "maps".
      const around = preprocessed.slice(Math.max(0, i - 8), i + 8).join('\n');
      if (around.includes('"maps"')) return { file, line };
      candidate ??= { file, line };
    }
    line++;
  }
  return candidate;
}

function macroOnLine(lineText: string, name: string): string | undefined {
  const code = lineText.replace(/\/\*.*?\*\/|\/\/.*$/g, ' ');
  if (/^\s*(?:static\s+|const\s+|volatile\s+)*struct\b/.test(code) && new RegExp(`\\b${name}\\b`).test(code)) return undefined;
  for (const m of code.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)) if (!NOT_A_MAP_MACRO.has(m[1])) return m[1];
  return undefined;
}

function sourceLine(file: string, line: number, given: SourceInput): string | undefined {
  const text = file === (given.label ?? given.path) ? given.text : (() => {
    try { return fs.readFileSync(file, 'utf8'); } catch { return undefined; }
  })();
  return text?.split('\n')[line - 1];
}

/** Compiles `source` and names every map still in section `maps` of the object. */
export async function legacyMapsLeft(source: SourceInput, opts: CompileSourceOptions): Promise<LegacyLeftResult> {
  const file = source.label ?? source.path;
  // A libbpf 0.x program compiles with the struct it expects: what matters here is what it declares.
  const c = await compileSource(source, { ...opts, legacyMapDef: true, preprocess: true });
  if (!c.ok) {
    const first = c.diagnostics.find((d) => d.severity === 'error' || d.severity === 'fatal error');
    return { file, error: first ? `${first.file}:${first.line}: ${first.message}` : c.stderr.trim().split('\n')[0] || 'clang failed' };
  }
  const elf = new ElfFile(c.object!);
  const section = elf.section('maps');
  if (!section) return { file, maps: [] };
  const lines = c.preprocessed?.split('\n') ?? [];
  const maps = elf.symbolsIn(section).filter((s) => s.type === STT_OBJECT && s.name).map((s): LeftMap => {
    const at = declarationLine(lines, s.name);
    if (!at) return { name: s.name };
    const text = sourceLine(at.file, at.line, source);
    const macro = text === undefined ? undefined : macroOnLine(text, s.name);
    return { name: s.name, file: at.file, line: at.line, ...(macro ? { macro } : {}) };
  });
  return { file, maps };
}

export function describeLeftMap(m: LeftMap): string {
  const where = m.file !== undefined ? ` (declared at ${m.file}:${m.line}${m.macro ? ` by macro ${m.macro}` : ''})` : '';
  return `legacy map '${m.name}' is still in section "maps" of the object${where}`;
}
