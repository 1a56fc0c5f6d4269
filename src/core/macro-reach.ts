/**
 * Questions of the form "may expanding this macro produce X?", answered as the rescan would:
 * through the macro's body and every name it mentions, once per macro table.
 */
import type { MacroTable } from './cexpr.js';
import type { MacroDef } from './scan.js';
import { ownString } from './own-string.js';

export type ReachQuery = (name: string, macros: MacroTable, extraHit?: (word: string) => boolean) => boolean;

/**
 * @param found what counts as reaching X in one definition's body (besides the words of the body)
 * @param word a name that reaches X by itself (`__COUNTER__`)
 */
export function reachQuery(found: (def: MacroDef) => boolean, word?: (name: string) => boolean): ReachQuery {
  const memos = new WeakMap<MacroTable, Map<string, boolean>>();
  const reaches = (name: string, macros: MacroTable, extraHit?: (word: string) => boolean, seen = new Set<string>()): boolean => {
    if (word?.(name)) return true;
    let memo = memos.get(macros);
    if (!memo) { memo = new Map(); memos.set(macros, memo); }
    const known = memo.get(name);
    if (known !== undefined) return known;
    const def = macros.get(name);
    if (!def || seen.has(name)) return false;
    seen.add(name);
    const result = found(def) || (def.body.match(/[A-Za-z_]\w*/g) ?? []).some((w) => extraHit?.(w) || (w !== name && reaches(w, macros, extraHit, seen)));
    memo.set(ownString(name), result);
    return result;
  };
  return (name, macros, extraHit) => reaches(name, macros, extraHit);
}
