/**
 * A copy of a string that does not keep the text it was cut from. V8 represents a substring of 13
 * characters or more as a slice of its parent: a macro name read out of a file and kept as a key
 * of a cache that outlives the file (a header's macro table, shared by every file of a run) kept
 * the whole file alive, some 10 KB per file over a run.
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
