/** The registry: every rule, in the order the engine runs them. */
import type { Rule } from '../src/core/rule.js';
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
