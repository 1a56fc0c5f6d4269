/** Shared vocabulary of the engine: edits, diagnostics and fixes. Offsets are JavaScript string indices. */

export type Severity = 'error' | 'warning' | 'info';

/** Replace `text.slice(start, end)` with `text`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface Diagnostic {
  ruleId: string;
  messageId: string;
  severity: Severity;
  message: string;
  /** What the user has to decide or do; empty for diagnostics that only inform. */
  hint: string;
  start: number;
  end: number;
  /** 1-based line and column of `start`. */
  line: number;
  column: number;
  /** The map (or program) the diagnostic is about, when there is one. */
  subject?: string;
  /** Key of the fix that resolves this diagnostic, when one is offered. */
  fixKey?: string;
}

/** A self-contained set of edits that migrates one unit (a map, or a group of maps that must change together). */
export interface Fix {
  key: string;
  title: string;
  /** Maps this fix migrates, by declarator spelling. */
  subjects: string[];
  edits: Edit[];
}
