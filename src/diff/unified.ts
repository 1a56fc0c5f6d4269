/**
 * Unified diffs from known edits. Running a line diff over a whole file is quadratic in the
 * number of changed lines (a file with hundreds of maps took minutes); the edits already say
 * where the changes are, so only the lines the edits touch (and the few unchanged lines between
 * edits that share a hunk) are diffed, with `diffArrays`, and hunks are assembled around the
 * changed lines with three lines of context, as `diff -u` does. A line the edits leave as it was
 * is context, never removed and added again.
 */
import { diffArrays, formatPatch, type ArrayChange, type Hunk } from 'diff';
import type { Edit } from '../core/types.js';

const CONTEXT = 3;

/**
 * Above this many differences (among the lines found on both sides), a region is not refined
 * further: Myers' diff costs O(lines x differences), and lines shuffled that much (a whole file
 * reordered at once) gain little from it. The region is then shown as removed and added.
 */
const MAX_REFINED_EDIT_LENGTH = 1000;

const NO_NEWLINE = '\\ No newline at end of file';

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

/**
 * Lines with their terminator: `"a\r\n"`, `"b\n"`, and a last `"c"` when the text does not end
 * with a newline. Comparing lines with their terminators makes a line that lost (or gained) its
 * final newline a change, and keeps CR of CRLF files in the line, as `diff` does.
 */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  let at = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', at)) {
    lines.push(text.slice(at, nl + 1));
    at = nl + 1;
  }
  if (at < text.length) lines.push(text.slice(at));
  return lines;
}

/** A change at old line `old` (0-based): `removed` lines replaced by `added` lines. */
interface Change {
  old: number;
  removed: string[];
  added: string[];
}

/**
 * The line changes that turn `oldLines` (starting at old line `first`) into `newLines`, with as
 * few changed lines as possible, so that a comment or `#define` an edit spans but leaves as it
 * was is context, not a `-` and a `+` line. Common leading and trailing lines are context; the
 * rest is diffed on the lines that occur on both sides only (as diff does: a line found on one
 * side alone is a change in any longest common subsequence, and leaving such lines out makes a
 * map's rewrite, where most lines are new, cost little). Undefined when those lines differ in
 * more than MAX_REFINED_EDIT_LENGTH places.
 */
function refine(oldLines: string[], newLines: string[], first: number): Change[] | undefined {
  let head = 0;
  while (head < oldLines.length && head < newLines.length && oldLines[head] === newLines[head]) head++;
  let tail = 0;
  while (tail < oldLines.length - head && tail < newLines.length - head
    && oldLines[oldLines.length - 1 - tail] === newLines[newLines.length - 1 - tail]) tail++;
  const a = oldLines.slice(head, oldLines.length - tail);
  const b = newLines.slice(head, newLines.length - tail);
  const inA = new Set(a);
  const inB = new Set(b);
  const aAt = a.flatMap((l, i) => (inB.has(l) ? [i] : []));
  const bAt = b.flatMap((l, i) => (inA.has(l) ? [i] : []));
  // Typed as always returning changes, but undefined once maxEditLength is exceeded.
  const parts: ArrayChange<string>[] | undefined = aAt.length && bAt.length
    ? diffArrays(aAt.map((i) => a[i]), bAt.map((i) => b[i]), { maxEditLength: MAX_REFINED_EDIT_LENGTH })
    : [];
  if (!parts) return undefined;
  const out: Change[] = [];
  let x = 0; // next line of a, b not yet in a change or matched
  let y = 0;
  const upTo = (i: number, j: number) => {
    if (i > x || j > y) out.push({ old: first + head + x, removed: a.slice(x, i), added: b.slice(y, j) });
  };
  let pa = 0; // position in aAt, bAt
  let pb = 0;
  for (const p of parts) {
    const n = p.value.length;
    if (p.removed) pa += n;
    else if (p.added) pb += n;
    else {
      for (let k = 0; k < n; k++) {
        upTo(aAt[pa + k], bAt[pb + k]);
        x = aAt[pa + k] + 1;
        y = bAt[pb + k] + 1;
      }
      pa += n;
      pb += n;
    }
  }
  upTo(a.length, b.length);
  return out;
}

/** Old lines `from..to` (0-based, inclusive) and the text they become. */
interface Group {
  from: number;
  to: number;
  newText: string;
}

/**
 * Groups the edits by the old lines they touch: edits on the same or on consecutive lines go
 * together (a map's field-by-field edits are one group). A group whose new text does not end a
 * line takes the next old line too, since that line is then joined to the group's last line.
 */
function groupEdits(before: string, starts: number[], edits: Edit[]): Group[] {
  const lastLineOf = (e: Edit) => (e.end > e.start ? lineIndex(starts, e.end - 1) : lineIndex(starts, e.start));
  const lineEnd = (line: number) => (line + 1 < starts.length ? starts[line + 1] : before.length);
  const groups: Group[] = [];
  let i = 0;
  while (i < edits.length) {
    const from = lineIndex(starts, edits[i].start);
    let to = lastLineOf(edits[i]);
    let j = i + 1;
    let newText: string;
    for (;;) {
      while (j < edits.length && lineIndex(starts, edits[j].start) <= to + 1) to = Math.max(to, lastLineOf(edits[j++]));
      newText = '';
      let at = starts[from];
      for (let k = i; k < j; k++) {
        newText += before.slice(at, edits[k].start) + edits[k].text;
        at = edits[k].end;
      }
      newText += before.slice(at, lineEnd(to));
      if (newText.endsWith('\n') || lineEnd(to) >= before.length) break;
      to++;
    }
    groups.push({ from, to, newText });
    i = j;
  }
  return groups;
}

/**
 * The line changes of all edits, in order. Groups close enough to share a hunk are diffed as one
 * region, so that a line an edit removes and a nearby edit inserts again (a template written
 * where the map's closing line was) is context, as in diff -u. A region too different for that
 * is diffed group by group; a group too different is shown as removed and added.
 */
function lineChanges(before: string, starts: number[], edits: Edit[]): Change[] {
  const lineEnd = (line: number) => (line + 1 < starts.length ? starts[line + 1] : before.length);
  const oldText = (from: number, to: number) => before.slice(starts[from], lineEnd(to));
  const alone = (g: Group): Change[] => {
    const oldLines = splitLines(oldText(g.from, g.to));
    const newLines = splitLines(g.newText);
    return refine(oldLines, newLines, g.from) ?? [{ old: g.from, removed: oldLines, added: newLines }];
  };
  const groups = groupEdits(before, starts, edits);
  const changes: Change[] = [];
  let i = 0;
  while (i < groups.length) {
    let j = i + 1;
    while (j < groups.length && groups[j].from - groups[j - 1].to - 1 <= 2 * CONTEXT) j++;
    let region: Change[] | undefined;
    if (j - i > 1) {
      let newText = groups[i].newText;
      for (let k = i + 1; k < j; k++) newText += before.slice(lineEnd(groups[k - 1].to), starts[groups[k].from]) + groups[k].newText;
      region = refine(splitLines(oldText(groups[i].from, groups[j - 1].to)), splitLines(newText), groups[i].from);
    }
    // A loop, not push(...): a region can hold more changes than a call has room for arguments.
    for (const ch of region ?? groups.slice(i, j).flatMap(alone)) changes.push(ch);
    i = j;
  }
  return changes;
}

/** A hunk line: the marker, the line without its newline, and diff's note when it had none. */
function pushLine(lines: string[], marker: ' ' | '-' | '+', line: string): void {
  if (line.endsWith('\n')) lines.push(marker + line.slice(0, -1));
  else lines.push(marker + line, NO_NEWLINE);
}

/**
 * The unified diff of applying `edits` to `before`. `edits` are in `before` coordinates, sorted
 * and non-overlapping (as applyFixes returns them).
 */
export function unifiedDiff(path: string, before: string, edits: Edit[]): string {
  const starts = lineStarts(before);
  const oldCount = before.length === 0 ? 0 : starts.length;
  const oldLine = (n: number) => before.slice(starts[n], n + 1 < starts.length ? starts[n + 1] : before.length);
  const changes = lineChanges(before, starts, edits);
  const hunks: Hunk[] = [];
  let delta = 0;
  let c = 0;
  while (c < changes.length) {
    // Changes at most 2 x CONTEXT unchanged lines apart share a hunk, as in diff -u.
    let last = c;
    while (last + 1 < changes.length
      && changes[last + 1].old - (changes[last].old + changes[last].removed.length) <= 2 * CONTEXT) last++;
    const start = Math.max(0, changes[c].old - CONTEXT);
    const lines: string[] = [];
    let at = start;
    let oldLines = 0;
    let newLines = 0;
    const context = (until: number) => {
      for (; at < until; at++) { pushLine(lines, ' ', oldLine(at)); oldLines++; newLines++; }
    };
    const hunkDelta = delta;
    for (let k = c; k <= last; k++) {
      const ch = changes[k];
      context(ch.old);
      for (const l of ch.removed) pushLine(lines, '-', l);
      for (const l of ch.added) pushLine(lines, '+', l);
      oldLines += ch.removed.length;
      newLines += ch.added.length;
      at += ch.removed.length;
      delta += ch.added.length - ch.removed.length;
    }
    context(Math.min(oldCount, at + CONTEXT));
    // formatPatch spreads each hunk's lines into one call's arguments, which overflows the stack
    // past about 100k lines (10,000 adjacent maps); joined beforehand, its output is the same.
    hunks.push({ oldStart: start + 1, oldLines, newStart: start + 1 + hunkDelta, newLines, lines: [lines.join('\n')] });
    c = last + 1;
  }
  return formatPatch({ oldFileName: path, newFileName: path, oldHeader: undefined, newHeader: undefined, hunks });
}
