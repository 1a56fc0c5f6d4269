/**
 * Turns a migration plan into text edits: the head, each field in place, members appended
 * before the closing brace, and the new close with the section and `.values` initializer.
 */
import type { Edit } from './types.js';
import type { FileModel } from './file.js';
import type { MapPlan } from './rule.js';
import type { LegacyMap } from './legacy-map.js';

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEndOf(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** Leading whitespace of the line holding `offset`, if only whitespace precedes it. */
function indentBefore(text: string, offset: number): string | undefined {
  const ls = lineStartOf(text, offset);
  const before = text.slice(ls, offset);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

/** Removes `[start, end)`; when that leaves its line blank, removes the whole line. */
export function deletion(text: string, start: number, end: number): Edit {
  const ls = lineStartOf(text, start);
  const le = lineEndOf(text, end);
  const tail = text.slice(end, le).replace(/\r?\n$/, '');
  if (/^[ \t]*$/.test(text.slice(ls, start)) && /^[ \t]*$/.test(tail)) return { start: ls, end: le, text: '' };
  let e = end;
  while (text[e] === ' ' || text[e] === '\t') e++;
  return { start, end: e, text: '' };
}

/** The indentation of a map's fields, or one unit when they share a line with the braces. */
export function fieldIndent(map: LegacyMap, file: FileModel): string {
  for (const f of map.fields) {
    const ind = indentBefore(file.text, f.start);
    if (ind !== undefined) return ind;
  }
  return file.indentUnit;
}

export function sectionText(map: LegacyMap): string {
  if (map.section.kind === 'call') return `${map.section.macro}(".maps")`;
  const arg = map.section.arg ?? '"maps"';
  const at = map.section.text.search(new RegExp(`\\bsection\\s*\\(\\s*${arg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const argAt = map.section.text.indexOf(arg, at);
  return map.section.text.slice(0, argAt) + '".maps"' + map.section.text.slice(argAt + arg.length);
}

/** Where lines inserted "above the map" go: before the comment lines attached to it. */
export function insertionPointAbove(text: string, map: LegacyMap): number {
  let at = lineStartOf(text, map.start);
  for (;;) {
    if (at === 0) return at;
    const prevStart = lineStartOf(text, at - 1);
    const prev = text.slice(prevStart, at).trim();
    if (prev.startsWith('/*') || prev.startsWith('*') || prev.startsWith('//')) {
      if (prevStart < map.boundary) return at;
      at = prevStart;
      continue;
    }
    return at;
  }
}

export function renderPlan(plan: MapPlan, file: FileModel): Edit[] {
  const { map } = plan;
  const { text, eol } = file;
  const edits: Edit[] = [];
  const indent = fieldIndent(map, file);

  const headParts = [...map.headComments, ...map.qualifiers, 'struct', ...(plan.tag ? [plan.tag] : []), '{'];
  edits.push({ start: map.start, end: map.headEnd, text: headParts.join(' ') });

  const multiLine = text.slice(map.headEnd, map.closeBrace).includes('\n');
  const lines = (f: (typeof map.fields)[number]): string[] => {
    const member = plan.members.get(f);
    if (member === undefined) throw new Error(`internal: field .${f.spelling} of ${map.name} has no member`);
    if (member === null) return f.trailingComments ? [f.trailingComments.trim()] : [];
    return [member + (f.trailingComments ?? ''), ...(plan.memberExtras.get(f) ?? [])];
  };
  for (let i = 0; i < map.fields.length; i++) {
    const f = map.fields[i];
    // Fields written side by side on a line of a multi-line initializer (`BPF_MAP_TYPE_HASH, 4, 8, 16,`)
    // become one member per line, as BTF maps are written.
    let j = i;
    while (multiLine && j + 1 < map.fields.length && /^[ \t]*$/.test(text.slice(map.fields[j].end, map.fields[j + 1].start))) j++;
    if (j > i) {
      const group = map.fields.slice(i, j + 1);
      const members = group.flatMap(lines);
      const lineIndent = indentBefore(text, f.start) ?? indent;
      const last = group[group.length - 1];
      edits.push(members.length === 0 ? deletion(text, f.start, last.end) : { start: f.start, end: last.end, text: members.join(eol + lineIndent) });
      i = j;
      continue;
    }
    const member = lines(f);
    if (member.length === 0) { edits.push(deletion(text, f.start, f.end)); continue; }
    // A dropped field's comments stay where it was.
    if (plan.members.get(f) === null) { edits.push({ start: f.start, end: f.end, text: member[0] }); continue; }
    const lineIndent = indentBefore(text, f.start) ?? indent;
    edits.push({ start: f.start, end: f.end, text: member.join(eol + lineIndent) });
  }

  if (plan.appended.length > 0) {
    const last = map.fields[map.fields.length - 1];
    const between = text.slice(last ? last.end : map.headEnd, map.closeBrace);
    if (between.includes('\n')) {
      const at = lineStartOf(text, map.closeBrace);
      const closeIndent = text.slice(at, map.closeBrace);
      if (/^[ \t]*$/.test(closeIndent)) {
        edits.push({ start: at, end: at, text: plan.appended.map((m) => indent + m + eol).join('') });
      } else {
        edits.push({ start: map.closeBrace, end: map.closeBrace, text: plan.appended.map((m) => eol + indent + m).join('') + eol });
      }
    } else {
      edits.push({ start: map.closeBrace, end: map.closeBrace, text: plan.appended.map((m) => m + ' ').join('') });
    }
  }

  const attrs = map.otherAttributes.length ? ' ' + map.otherAttributes.join(' ') : '';
  let close = `} ${map.name} ${sectionText(map)}${attrs}`;
  if (plan.values && plan.values.length > 0) {
    const unit = indent || file.indentUnit;
    close += ` = {${eol}${unit}.values = {${eol}`
      + plan.values.map((v) => [...(v.open ?? []), `${unit}${unit}[${v.key}] = ${v.target},`, ...(v.close ?? [])].map((l) => l.replace(/\r?\n/g, eol) + eol).join('')).join('')
      + `${unit}},${eol}}`;
  }
  edits.push({ start: map.closeBrace, end: map.end, text: close + ';' + (map.closingComments ? ` ${map.closingComments}` : '') });

  if (plan.before.length > 0) {
    const at = insertionPointAbove(text, map);
    edits.push({ start: at, end: at, text: plan.before.map((b) => b.replace(/\n/g, eol) + eol).join('') + eol });
  }
  return [...edits, ...plan.edits];
}
