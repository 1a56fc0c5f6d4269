/** Lists of names in messages: each name once, in order of first mention, long lists cut with a count. */

/** How many names a message lists before it says "and N more". */
export const NAMES_SHOWN = 6;

export function nameList(names: readonly string[], shown = NAMES_SHOWN): string {
  const unique = [...new Set(names)];
  if (unique.length <= shown) return unique.join(', ');
  return `${unique.slice(0, shown).join(', ')} and ${unique.length - shown} more`;
}
