/** Human-readable report of a VerifyResult: a table per file (map, field, legacy, migrated, verdict). */
import { mapTypeLabel as mapTypeName } from '../abi/index.js';
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
    ['map', 'type', 'key', 'value', 'max_entries', 'flags', 'pinned', 'btf', 'slots'],
    maps.map((m) => [m.name, mapTypeName(m.type), String(m.keySize), String(m.valueSize), String(m.maxEntries),
      m.flags ? `0x${m.flags.toString(16)}` : '0', m.pinned ? 'yes' : 'no', m.btf?.status ?? '-', slotsText(m.slots)]),
    indent,
  );
}

function fieldsTable(r: VerifyResult): string {
  return table(['map', 'field', 'legacy', 'migrated', 'verdict'],
    r.fields.map((f) => [f.map, f.field, f.legacy, f.migrated, f.compared === false ? 'not compared' : f.ok ? 'ok' : 'DIFFERS']));
}

/** A rejection is the failure; whether the maps match is said apart from it. */
function rejectionStatus(r: VerifyResult): string {
  const programs = r.fields.filter((f) => f.field === 'program' && !f.ok).length;
  const maps = r.fields.filter((f) => f.field !== 'program');
  const verdict = !r.maps ? 'maps not compared' : maps.every((f) => f.ok) ? 'maps equivalent' : 'maps DIFFERENT';
  return `verifier rejected ${programs} program${programs === 1 ? '' : 's'}; ${verdict}`;
}

/** The report a person reads for one file. */
export function formatVerifyTable(r: VerifyResult): string {
  const out: string[] = [];
  const against = r.legacyFile !== undefined ? ` (legacy: ${r.legacyFile})` : '';
  // `verify FILE` (nothing to compare with) differs only when a map lost the BTF its definition declares.
  let status = r.legacyFile === undefined && r.status === 'different' ? 'maps differ from their definitions' : STATUS_TEXT[r.status];
  if (r.errorCode === 'VerifierRejected') status = rejectionStatus(r);
  out.push(`${r.file}${against}: ${status}`);
  if (r.legacyFile === undefined && r.maps && r.maps.length) {
    // One file inspected: its maps, then what failed (BTF lost, programs rejected).
    out.push(formatMapsTable(r.maps));
    if (r.fields.length) out.push(fieldsTable(r));
  } else if (r.fields.length) {
    out.push(fieldsTable(r));
  } else if (r.maps && r.maps.length) {
    out.push(formatMapsTable(r.maps));
  }
  for (const m of r.messages) out.push(`  ${m}`);
  if (r.verifierLog) {
    out.push(`  verifier log (tail)${r.verifierLogPath ? `, full log in ${r.verifierLogPath}` : ''}:`);
    for (const l of r.verifierLog.split('\n')) out.push(`    ${l}`);
  }
  return out.join('\n');
}
