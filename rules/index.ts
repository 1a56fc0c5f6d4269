/** The registry: every rule, in the order the engine runs them. */
import type { Rule } from '../src/core/rule.js';
import { withRequirements } from '../src/core/engine.js';
import legacyElfMap from './legacy-elf-map/index.js';
import legacyMapDef from './legacy-map-def/index.js';
import kvPairAnnotation from './kv-pair-annotation/index.js';
import mapPinning from './map-pinning/index.js';
import staticMap from './static-map/index.js';
import staticProgram from './static-program/index.js';
import btfMapIncludes from './btf-map-includes/index.js';
import tailCallProgArray from './tail-call-prog-array/index.js';
import mapInMap from './map-in-map/index.js';

export const rules: Rule[] = [
  legacyElfMap,
  legacyMapDef,
  kvPairAnnotation,
  mapPinning,
  staticMap,
  staticProgram,
  tailCallProgArray,
  mapInMap,
  btfMapIncludes,
];

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.meta.id === id);
}

/**
 * The rules a run uses: `only` (all when empty) with what they build on, less `disabled`; ids that
 * name no rule are returned for the caller to report (the CLI refuses them, the editor logs them).
 */
export function selectRules(only: readonly string[], disabled: readonly string[]): { rules: Rule[]; unknown: string[] } {
  const unknown = [...only, ...disabled].filter((id) => !ruleById(id));
  const selected = only.length ? rules.filter((r) => only.includes(r.meta.id)) : rules;
  return { rules: withRequirements(selected, rules).filter((r) => !disabled.includes(r.meta.id)), unknown };
}
