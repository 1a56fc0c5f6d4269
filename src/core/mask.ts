/** Blanking of text ranges with spaces (newlines kept), so that parse positions stay valid. */

/** Returns `text.slice(from, to)` with the given absolute ranges blanked. */
export function maskRanges(text: string, from: number, to: number, ranges: [number, number][]): string {
  if (ranges.length === 0) return text.slice(from, to);
  const parts: string[] = [];
  let at = from;
  for (const [s0, e0] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const s = Math.max(s0, at);
    const e = Math.min(e0, to);
    if (e <= s) continue;
    parts.push(text.slice(at, s), blank(text.slice(s, e)));
    at = e;
  }
  parts.push(text.slice(at, to));
  return parts.join('');
}

export function blank(s: string): string {
  return s.includes('\n') || s.includes('\r') ? s.replace(/[^\n\r]/g, ' ') : ' '.repeat(s.length);
}

const MACRO_CALL = /\b(__uint|__type|__array|SEC|__section\w*|__attribute__|BPF_ANNOTATE_KV_PAIR)\b/g;
const NONE: ReadonlySet<string> = new Set();

/**
 * Blanks the BTF-map and section macros that tree-sitter-c cannot read (`__uint(type, X);`,
 * `} m SEC(".maps")`), with their balanced argument lists, and the file's own attribute macros
 * (`__used`) that a map keeps. Used to compare how well a
 * statement parses before and after a rewrite.
 */
export function maskKnownMacros(s: string, attributeMacros: ReadonlySet<string> = NONE): string {
  let out = '';
  let at = 0;
  const re = attributeMacros.size === 0 ? MACRO_CALL : new RegExp(`${MACRO_CALL.source.slice(0, -3)}|${[...attributeMacros].join('|')})\\b`, 'g');
  re.lastIndex = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    let end = m.index + m[0].length;
    let j = end;
    while (j < s.length && (s[j] === ' ' || s[j] === '\t')) j++;
    if (s[j] === '(') {
      let depth = 0;
      for (; j < s.length; j++) {
        if (s[j] === '(') depth++;
        else if (s[j] === ')' && --depth === 0) break;
      }
      end = Math.min(j + 1, s.length);
    }
    // A member macro takes its `;` with it, so an all-macro struct body reads as empty.
    if (/^__(uint|type|array)$/.test(m[1]) && s[end] === ';') end++;
    out += s.slice(at, m.index) + blank(s.slice(m.index, end));
    at = end;
    re.lastIndex = end;
  }
  return out + s.slice(at);
}
