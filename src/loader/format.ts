/** Human-readable report of a VerifyResult: a table per file (map, field, legacy, migrated, verdict). */
import { mapTypeName } from './legacy.js';
import type { MapState, VerifyResult } from './types.js';

const STATUS_TEXT: Record<VerifyResult['status'], string> = {
  equivalent: 'equivalent',
  different: 'DIFFERENT',
  'load-skipped': 'load skipped (not verified)',
  'compile-error': 'compile error',
  'load-error': 'load error',
};

function table(head: string[], rows: string[][], indent = '  '): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => indent + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

function slotsText(s: Record<number, string>): string {
  const keys = Object.keys(s).map(Number).sort((a, b) => a - b);
  return keys.length ? keys.map((k) => `[${k}]=${s[k]}`).join(' ') : '-';
}

export function formatMapsTable(maps: MapState[], indent = '  '): string {
  return table(
    ['map', 'type', 'key', 'value', 'max_entries', 'flags', 'pinned', 'slots'],
    maps.map((m) => [m.name, mapTypeName(m.type), String(m.keySize), String(m.valueSize), String(m.maxEntries),
      m.flags ? `0x${m.flags.toString(16)}` : '0', m.pinned ? 'yes' : 'no', slotsText(m.slots)]),
    indent,
  );
}

/** The report a person reads for one file. */
export function formatVerifyTable(r: VerifyResult): string {
  const out: string[] = [];
  const against = r.legacyFile !== undefined ? ` (legacy: ${r.legacyFile})` : '';
  out.push(`${r.file}${against}: ${STATUS_TEXT[r.status]}`);
  if (r.fields.length) {
    out.push(table(['map', 'field', 'legacy', 'migrated', 'verdict'],
      r.fields.map((f) => [f.map, f.field, f.legacy, f.migrated, f.ok ? 'ok' : 'DIFFERS'])));
  } else if (r.maps && r.maps.length) {
    out.push(formatMapsTable(r.maps));
  }
  for (const m of r.messages) out.push(`  ${m}`);
  if (r.verifierLog) {
    out.push('  verifier log (tail):');
    for (const l of r.verifierLog.split('\n')) out.push(`    ${l}`);
  }
  return out.join('\n');
}
