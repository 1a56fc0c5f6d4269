/**
 * The last word on a run: whatever in the migrated text still puts something in section "maps"
 * once every macro is expanded is a legacy map that libbpf 1.0 refuses. Each one must carry an
 * error; one that no rule reported (a macro shape nothing reads) gets one here, so that a run
 * never ends silent with a legacy map left.
 */
import { firstCodeChar, scan } from './scan.js';
import { expandText, MacroTable, type PpToken } from './cexpr.js';
import { codeOf } from './macro-counter.js';
import { reachQuery } from './macro-reach.js';
import type { FileModel } from './file.js';
import type { ReportedDiagnostic, Rule } from './rule.js';
import { engineDiagnostic } from './engine-messages.js';
import type { Edit } from './types.js';

export interface RunOutcome {
  /** The file as given, and its model. */
  file: FileModel;
  output: string;
  /** Edits from the given text to the output, in the given text's coordinates. */
  edits: Edit[];
  diagnostics: ReportedDiagnostic[];
}

/** Whether expanding `name` may name section "maps" (its body, or a macro it names, spells `"maps"`). */
const reachesMaps = reachQuery((def) => def.body.includes('"maps"'));

/** A macro the headers did not give whose name says it is iproute2's `__section_maps` or kin. */
const MAPS_SECTION_NAME = /^_*(?:section_?maps|maps_?section)$/i;

/** Text in which some statement may name section "maps": the string, or a word MAPS_SECTION_NAME matches. */
const SPELLS_MAPS = /"maps"|section_?maps|maps_?section/i;

/** Concatenated string literals from `i` on, with the index past them; undefined when there is none. */
function strings(tokens: PpToken[], i: number): { value: string; next: number } | undefined {
  let value = '';
  let j = i;
  while (tokens[j]?.text.startsWith('"')) {
    try { value += JSON.parse(tokens[j].text) as string; } catch { return undefined; }
    j++;
  }
  return j > i ? { value, next: j } : undefined;
}

/** Whether expanded tokens put something in section "maps": `section("maps")`, `SEC("maps")` unexpanded, or an unknown `__section_maps`. */
export function namesMapsSection(tokens: PpToken[], macros: MacroTable): boolean {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i].text;
    if (tokens[i + 1]?.text === '(' && /^(?:section|__section__|\w*sec\w*)$/i.test(t)) {
      const s = strings(tokens, i + 2);
      if (s && s.value === 'maps' && tokens[s.next]?.text === ')') return true;
    }
    if (MAPS_SECTION_NAME.test(t) && !macros.has(t)) return true;
  }
  return false;
}

/** The offset in the given text of an offset of the output. */
function toGiven(edits: Edit[], o: number): number {
  let delta = 0;
  for (const e of edits) {
    const outStart = e.start + delta;
    if (o < outStart) break;
    if (o < outStart + e.text.length) return e.start;
    delta += e.text.length - (e.end - e.start);
  }
  return o - delta;
}

/**
 * Error diagnostics for legacy maps the output still declares and no error names: one per
 * top-level statement, at its place in the given text. Empty when both map rules are off.
 */
export function remainingMapDiagnostics(run: RunOutcome, rules: Rule[]): ReportedDiagnostic[] {
  if (!rules.some((r) => r.meta.readsMaps)) return [];
  const { file, output } = run;
  // Section "maps" is named by the string, by a macro whose expansion spells it (the file's own
  // definitions are in the output; its headers' are known), or by an unknown macro named for it.
  if (!file.headers.spellsMapsSection && !SPELLS_MAPS.test(output)) return [];
  const same = output === file.text;
  const s = same ? file.scan : scan(output);
  let macros = file.macros;
  if (!same) {
    macros = new MacroTable([file.headers.macros]);
    for (const d of s.defines) macros.add(d);
  }
  const errors = run.diagnostics.filter((d) => d.severity === 'error');
  const out: ReportedDiagnostic[] = [];
  for (const st of s.statements) {
    const headEnd = st.bodyStart >= 0 ? st.bodyStart : st.end;
    const code = codeOf(output.slice(st.boundary, headEnd));
    if (!code.includes('"maps"') && !(code.match(/[A-Za-z_]\w*/g) ?? []).some((w) => MAPS_SECTION_NAME.test(w) || reachesMaps(w, macros))) continue;
    const counter = { next: 0 };
    // Macros defined twice under #if branches stay as written: either definition is looked at through its name.
    const tokens = expandText(code, macros, { counter, only: (n) => !macros.get(n)?.ambiguous })
      ?? expandText(code, macros, { counter, objectOnly: true, only: (n) => !macros.get(n)?.ambiguous });
    if (!tokens || !namesMapsSection(tokens, macros)) continue;
    const start = toGiven(run.edits, firstCodeChar(output, st.boundary, st.end));
    const end = Math.max(start + 1, toGiven(run.edits, st.end));
    const texts = tokens.map((t) => t.text);
    const eq = texts.indexOf('=');
    const name = texts.slice(0, eq < 0 ? texts.length : eq).filter((t) => /^[A-Za-z_]\w*$/.test(t)).pop();
    // A map a rule read and blocked has its error, maybe at another map of its group or at a program.
    const read = file.maps.find((m) => m.start >= start && m.start < end);
    if (errors.some((d) => (d.start >= start && d.start < end) || (d.subject !== undefined && (d.subject === read?.name || d.subject === name)))) continue;
    const first = /^\s*([A-Za-z_]\w*)/.exec(code)?.[1];
    const data: Record<string, string> = {
      what: name ? `'${name}'` : 'a declaration',
      detail: first && macros.has(first) && !/^(struct|static|const|volatile)$/.test(first) ? `it comes out of ${first}, which no rule reads` : 'no rule reads this declaration',
    };
    out.push(engineDiagnostic('legacyMapRemains', { start, end, line: file.lineAt(start), column: file.columnAt(start), subject: name }, data));
  }
  return out;
}
