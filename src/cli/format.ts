/** Human-readable output: diagnostics with hints, diffs, per-file lines and the closing summary. */
import type { FileResult, ReportedItem } from '../run/process-file.js';
import type { Colors } from './io.js';

export function formatDiagnostic(path: string, d: ReportedItem, c: Colors): string {
  const sev = d.severity === 'error' ? c.red('error') : d.severity === 'warning' ? c.yellow('warning') : c.cyan('note');
  let s = `${path}:${d.line}:${d.column}: ${sev} [${d.ruleId}] ${d.message}\n`;
  if (d.hint) s += `  ${c.dim('hint:')} ${d.hint}\n`;
  return s;
}

export function colorDiff(diff: string, c: Colors): string {
  if (!c.on) return diff;
  return diff.split('\n').map((l) => (l.startsWith('+') && !l.startsWith('+++') ? c.green(l) : l.startsWith('-') && !l.startsWith('---') ? c.red(l) : l.startsWith('@@') ? c.cyan(l) : l)).join('\n');
}

export interface Summary {
  scanned: number;
  changed: number;
  unchanged: number;
  skipped: number;
  errors: number;
  /** Files with maps bpf-migrate leaves as they are (a diagnostic of severity error says why). */
  notMigrated: number;
  skippedReasons: Record<string, number>;
}

export function emptySummary(): Summary {
  return { scanned: 0, changed: 0, unchanged: 0, skipped: 0, errors: 0, notMigrated: 0, skippedReasons: {} };
}

export function addToSummary(s: Summary, r: FileResult): void {
  s.scanned++;
  if (r.status === 'changed') s.changed++;
  else if (r.status === 'unchanged') s.unchanged++;
  else if (r.status === 'skipped') { s.skipped++; const k = r.reason?.replace(/[;(].*$/, '').trim() ?? 'unknown'; s.skippedReasons[k] = (s.skippedReasons[k] ?? 0) + 1; }
  else s.errors++;
  if (r.diagnostics.some((d) => d.severity === 'error' && d.category === 'problem')) s.notMigrated++;
}

export function formatSummary(s: Summary, mode: 'dry-run' | 'write' | 'check'): string {
  const changedWord = mode === 'write' ? 'changed' : 'to change';
  const reasons = Object.entries(s.skippedReasons).map(([k, n]) => `${n} ${k}`).join(', ');
  const left = s.notMigrated > 0 ? `; ${s.notMigrated} ${s.notMigrated === 1 ? 'file keeps' : 'files keep'} legacy maps it could not migrate (see the errors above)` : '';
  return `bpf-migrate: ${s.scanned} ${s.scanned === 1 ? 'file' : 'files'} scanned, ${s.changed} ${changedWord}, ${s.unchanged} unchanged, ${s.skipped} skipped${reasons ? ` (${reasons})` : ''}, ${s.errors} errors${left}\n`;
}

/** The line `--check` prints for a file that still needs migration, with the rules whose fixes apply. */
export function needsMigrationLine(name: string, r: FileResult): string {
  const rulesHit = [...new Set(r.diagnostics.filter((d) => d.fixable).map((d) => d.ruleId))];
  return `${name}: needs migration (${r.migrated.join(', ')}) [${rulesHit.join(', ')}]\n`;
}
