/**
 * Unified diffs from known edits. Running a line diff over a whole file is quadratic in the
 * number of changed lines (a file with hundreds of maps took minutes); the edits already say
 * where the changes are, so only those regions, with their context, go through `diff`.
 */
import { structuredPatch, formatPatch, type Hunk } from 'diff';
import type { Edit } from '../core/types.js';

const CONTEXT = 3;

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0 && i + 1 < text.length; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineIndex(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
  }
  return lo;
}

function countLines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** `edits` are in `before` coordinates, sorted and non-overlapping (as applyFixes returns them). */
export function unifiedDiff(path: string, before: string, edits: Edit[]): string {
  const starts = lineStarts(before);
  const last = starts.length - 1;
  const regions: { from: number; to: number; edits: Edit[] }[] = [];
  for (const e of edits) {
    const a = lineIndex(starts, e.start);
    const b = e.end > e.start ? lineIndex(starts, e.end - 1) : a;
    const from = Math.max(0, a - CONTEXT);
    const to = Math.min(last, b + CONTEXT);
    const prev = regions[regions.length - 1];
    if (prev && from <= prev.to + 1) {
      prev.to = Math.max(prev.to, to);
      prev.edits.push(e);
    } else regions.push({ from, to, edits: [e] });
  }
  const hunks: Hunk[] = [];
  let delta = 0;
  for (const r of regions) {
    const chunkStart = starts[r.from];
    const chunkEnd = r.to + 1 <= last ? starts[r.to + 1] : before.length;
    const oldChunk = before.slice(chunkStart, chunkEnd);
    let newChunk = '';
    let at = chunkStart;
    for (const e of r.edits) {
      newChunk += before.slice(at, e.start) + e.text;
      at = e.end;
    }
    newChunk += before.slice(at, chunkEnd);
    for (const h of structuredPatch('', '', oldChunk, newChunk, undefined, undefined, { context: CONTEXT }).hunks) {
      hunks.push({ ...h, oldStart: h.oldStart + r.from, newStart: h.newStart + r.from + delta });
    }
    delta += countLines(newChunk) - countLines(oldChunk);
  }
  return formatPatch({ oldFileName: path, newFileName: path, oldHeader: undefined, newHeader: undefined, hunks });
}
