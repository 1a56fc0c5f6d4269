/** The registry: every rule, in the order the engine runs them. */
import type { Rule } from '../src/core/rule.js';
import legacyElfMap from './legacy-elf-map.js';
import legacyMapDef from './legacy-map-def.js';
import kvPairAnnotation from './kv-pair-annotation.js';
import mapPinning from './map-pinning.js';
import staticMap from './static-map.js';
import staticProgram from './static-program.js';
import btfMapIncludes from './btf-map-includes.js';
import tailCallProgArray from './tail-call-prog-array.js';
import mapInMap from './map-in-map.js';

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
