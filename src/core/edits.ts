/** Text edits: their order, applying them, and finding them between two texts. */
import { diffLines } from 'diff';
import type { Edit } from './types.js';

/** Insertions before replacements at the same offset, so inserted text lands in front. */
export function editOrder(a: Edit, b: Edit): number {
  return a.start - b.start || (a.end - a.start) - (b.end - b.start);
}

/** Applies sorted, non-overlapping edits. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) { out += text.slice(at, e.start) + e.text; at = e.end; }
  return out + text.slice(at);
}

/** Line-level edits that turn `a` into `b`, for results of several passes (rare: a line diff is fine there). */
export function editsBetween(a: string, b: string): Edit[] {
  const edits: Edit[] = [];
  let at = 0;
  for (const part of diffLines(a, b)) {
    const last = edits[edits.length - 1];
    if (part.added) {
      if (last && last.end === at) last.text += part.value;
      else edits.push({ start: at, end: at, text: part.value });
    } else if (part.removed) {
      if (last && last.end === at && last.start === last.end && last.text !== '') last.end = at + part.value.length;
      else edits.push({ start: at, end: at + part.value.length, text: '' });
      at += part.value.length;
    } else at += part.value.length;
  }
  return edits;
}
