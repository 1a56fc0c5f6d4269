/**
 * The value of `__COUNTER__` where a map macro is used. clang counts per translation unit, in
 * the order it expands: every `__COUNTER__` reached in the headers included before and in the
 * file's code above counts. When one of those cannot be counted (a header that cannot be read,
 * code under `#if`, a statement the expander cannot read) the value cannot be told.
 */
import { reachQuery } from './macro-reach.js';
import { enclosingConditionals, scan, type ScanResult } from './scan.js';
import { expandText, type MacroTable } from './cexpr.js';
import type { SourceProvider } from './headers.js';

export interface CounterSource {
  text: string;
  scan: ScanResult;
  macros: MacroTable;
  path?: string;
  provider?: SourceProvider;
}

/** Comments blanked and continued lines joined, strings left whole: the code as the expander reads it. */
export function codeOf(text: string): string {
  return text
    .replace(/("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (_match, literal: string | undefined) => literal ?? ' ')
    .replace(/\\\r?\n/g, ' ');
}

/** Whether expanding `name` may reach `__COUNTER__` (through any macro its body names). */
export const reachesCounter = reachQuery(() => false, (name) => name === '__COUNTER__');

/** Whether code text names `__COUNTER__` or a macro that reaches it. */
export function mentionsCounter(code: string, macros: MacroTable): boolean {
  if (!code.includes('__COUNTER__') && !/[A-Za-z_]/.test(code)) return false;
  for (const m of code.matchAll(/[A-Za-z_]\w*/g)) if (reachesCounter(m[0], macros)) return true;
  return false;
}

/** The counter's course through one file: its value before each statement that moves it. */
export class CounterTrack {
  private steps?: { start: number; end: number; next: number | string }[];
  private base?: number | string;

  constructor(private readonly src: CounterSource) {}

  /** `__COUNTER__`'s value before the statement starting at `offset`, or why it cannot be told. */
  before(offset: number): number | string {
    this.base ??= headersCount(this.src);
    if (typeof this.base === 'string') return this.base;
    this.steps ??= this.walk();
    let value: number | string = this.base;
    for (const step of this.steps) {
      if (step.start >= offset) break;
      // The statement the offset is in does not count: its own expansion starts at the value before it.
      if (step.end > offset) continue;
      if (typeof step.next === 'string') return step.next;
      value += step.next;
    }
    return value;
  }

  /** Statements and directives of the file that move the counter, in order, with how far (or why that cannot be told). */
  private walk(): { start: number; end: number; next: number | string }[] {
    const { text, scan: s, macros } = this.src;
    const out: { start: number; end: number; next: number | string }[] = [];
    for (const d of s.directives) {
      if ((d.kind === 'if' || d.kind === 'elif') && mentionsCounter(codeOf(text.slice(d.start, d.end)), macros)) {
        out.push({ start: d.start, end: d.end, next: 'an #if above it reads __COUNTER__' });
      }
    }
    for (const st of s.statements) {
      const code = codeOf(text.slice(st.boundary, st.end));
      if (!mentionsCounter(code, macros)) continue;
      const inside = s.directives.filter((d) => d.start >= st.boundary && d.start < st.end);
      if (enclosingConditionals(s, st.end - 1).length > 0 || inside.some((d) => d.kind !== 'define' && d.kind !== 'undef')) {
        out.push({ start: st.boundary, end: st.end, next: 'code above it that reaches __COUNTER__ is built only under a preprocessor conditional' });
        continue;
      }
      const counter = { next: 0 };
      const expanded = expandText(code, macros, { counter });
      out.push({ start: st.boundary, end: st.end, next: expanded ? counter.next : 'code above it that reaches __COUNTER__ cannot be expanded' });
    }
    return out.sort((a, b) => a.start - b.start);
  }
}

/**
 * How many `__COUNTER__` the included headers reach: 0 when none of them names it or a macro
 * that reaches it outside a `#define`; otherwise (or when a project header cannot be read) why
 * the count is unknown.
 */
function headersCount(src: CounterSource): number | string {
  if (!src.provider) return src.scan.includes.length === 0 ? 0 : 'the included headers cannot be read';
  const seen = new Set<string>();
  const visit = (includes: { spec: string; angled: boolean }[], from: string | undefined): string | undefined => {
    for (const inc of includes) {
      const r = src.provider!.resolveInclude(inc.spec, inc.angled, from);
      if (!r) {
        if (inc.angled) continue;
        return `the included header "${inc.spec}" cannot be read (pass its directory with -I)`;
      }
      if (seen.has(r.path)) continue;
      seen.add(r.path);
      const hs = scan(r.text);
      let code = r.text;
      // Directives other than #if/#elif do not expand their text (a #define only records it).
      for (const d of [...hs.directives].reverse()) {
        if (d.kind !== 'if' && d.kind !== 'elif') code = code.slice(0, d.start) + ' '.repeat(d.end - d.start) + code.slice(d.end);
      }
      if (mentionsCounter(codeOf(code), src.macros)) return `the included header ${r.path} reaches __COUNTER__ itself`;
      const why = visit(hs.includes, r.path);
      if (why) return why;
    }
    return undefined;
  };
  return visit(src.scan.includes, src.path) ?? 0;
}
