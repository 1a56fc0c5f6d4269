/**
 * Unified diffs from known edits. Running a line diff over a whole file is quadratic in the
 * number of changed lines (a file with hundreds of maps took minutes); the edits already say
 * where the changes are, so hunks are built from those regions and `diff` formats the patch.
 */
import { formatPatch, type Hunk } from 'diff';
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

/**
 * One hunk for a region: common leading and trailing lines are context, the rest is removed
 * and added. Not a minimal diff inside the region (a map's own-line comments show as - and +),
 * but linear, where a line diff of a file with hundreds of rewritten maps was not.
 */
function hunkOf(oldChunk: string, newChunk: string, from: number, delta: number, atEofWithoutNewline: boolean): Hunk | undefined {
  const a = oldChunk.split('\n');
  const b = newChunk.split('\n');
  // A chunk that ends with a newline splits into a last empty string: not a line.
  if (a[a.length - 1] === '') a.pop();
  if (b[b.length - 1] === '') b.pop();
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  if (head === a.length && head === b.length) return undefined;
  const lines = [
    ...a.slice(0, head).map((l) => ` ${l}`),
    ...a.slice(head, a.length - tail).map((l) => `-${l}`),
    ...b.slice(head, b.length - tail).map((l) => `+${l}`),
    ...a.slice(a.length - tail).map((l) => ` ${l}`),
  ];
  if (atEofWithoutNewline) {
    // Mark the last line of each side that has no newline, as diff does.
    const lastOld = lines.map((l) => l[0]).lastIndexOf(tail > 0 ? ' ' : '-');
    const oldHasNoNl = !oldChunk.endsWith('\n');
    const newHasNoNl = !newChunk.endsWith('\n');
    const out: string[] = [];
    lines.forEach((l, i) => {
      out.push(l);
      if (tail > 0 && i === lines.length - 1 && oldHasNoNl && newHasNoNl) out.push('\\ No newline at end of file');
      else if (tail === 0 && oldHasNoNl && i === lastOld) out.push('\\ No newline at end of file');
      else if (tail === 0 && newHasNoNl && i === lines.length - 1 && l.startsWith('+')) out.push('\\ No newline at end of file');
    });
    lines.splice(0, lines.length, ...out);
  }
  return { oldStart: from + 1, oldLines: a.length, newStart: from + 1 + delta, newLines: b.length, lines };
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
    const h = hunkOf(oldChunk, newChunk, r.from, delta, r.to === last && !before.endsWith('\n'));
    if (h) hunks.push(h);
    delta += countLines(newChunk) - countLines(oldChunk);
  }
  return formatPatch({ oldFileName: path, newFileName: path, oldHeader: undefined, newHeader: undefined, hunks });
}
