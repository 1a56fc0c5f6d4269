/**
 * `--format github`: GitHub Actions workflow commands, one annotation per diagnostic
 * (`::warning file=src/prog.c,line=9,col=1,title=legacy-elf-map::Map 'flows' uses ...`).
 */
import type { Severity } from '../core/types.js';
import type { FileResult } from '../run/process-file.js';

/** Escaping of a workflow command's message: the runner reads `%`, CR and LF as encoded. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values also end at `,` and `:`. */
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(s: Severity): 'error' | 'warning' | 'notice' {
  return s === 'info' ? 'notice' : s;
}

/** The annotations for one file, in the order of its diagnostics; a file that could not be processed is one error. */
export function githubAnnotations(r: FileResult): string {
  let out = '';
  const file = escapeProperty(r.path);
  if (r.status === 'error') out += `::error file=${file},title=bpf-migrate::${escapeData(r.reason ?? 'error')}\n`;
  for (const d of r.diagnostics) {
    const text = d.hint ? `${d.message}\nHint: ${d.hint}` : d.message;
    out += `::${command(d.severity)} file=${file},line=${d.line},col=${d.column},title=${escapeProperty(`${d.ruleId} (${d.messageId})`)}::${escapeData(text)}\n`;
  }
  return out;
}
