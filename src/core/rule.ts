/**
 * The rule API. A rule reads the file model, reports diagnostics, and contributes to the
 * per-map migration plans; it never edits text itself. The engine renders the plans into
 * one fix per map (or per group of maps that must change together).
 */
import type { Diagnostic, Edit, Fix, Severity } from './types.js';
import type { FileModel } from './file.js';
import type { LegacyMap, MapField } from './legacy-map.js';
import type { HelperName } from './headers.js';

export interface RuleMeta {
  id: string;
  /** One imperative sentence. */
  description: string;
  /** Whether the rule's findings come with a fix. */
  fixable: boolean;
  /** Message templates by id; `{{name}}` placeholders are filled from `data`. */
  messages: Record<string, string>;
  /** What the user should decide, by message id (for diagnostics that block a migration). */
  hints?: Record<string, string>;
  /** Reads legacy map declarations: with such a rule enabled, any legacy map left after a run is reported. */
  readsMaps?: boolean;
}

export interface EngineOptions {
  /** Section for tail-call programs when the file's entry programs do not settle it. */
  tailCallSection?: string;
  /**
   * What the rules learnt from every object (`.c` file) of the run, for decisions that span files:
   * a header does not know its includers. Absent when the file is analysed alone (an editor, stdin).
   */
  tree?: TreeFacts;
}

/** Facts of one object of the run, by rule id, as the rule's `objectFacts` returned them. */
export interface ObjectFacts {
  /** The object's `.c` file. */
  path: string;
  facts: Record<string, unknown>;
  /**
   * An object of the project that is not among the files of the run: it shares the run's headers,
   * but will not be changed with them.
   */
  outside?: boolean;
}

export interface TreeFacts {
  objects: ObjectFacts[];
  /** For files analysed before the others (headers whose maps objects build on), the maps their own analysis migrates. */
  migrated?: Record<string, string[]>;
}

/** Kinds of diagnostics: a legacy construct (fixable), a note about what a fix changes, or a problem that blocks one. */
export type DiagnosticCategory = 'legacy' | 'note' | 'problem';

export interface ReportInput {
  messageId: string;
  data?: Record<string, string | number>;
  severity: Severity;
  category: DiagnosticCategory;
  start: number;
  end: number;
  subject?: string;
  /** The plan the diagnostic belongs to: it becomes fixable through that plan's fix. */
  plan?: MapPlan;
  /** A fix added with `addFix` that resolves the diagnostic (for edits that belong to no map of the file). */
  fixKey?: string;
}

export interface ReportedDiagnostic extends Diagnostic {
  category: DiagnosticCategory;
  plan?: MapPlan;
}

/** How one legacy map will be rewritten. Rules fill it in; the engine renders it. */
export interface MapPlan {
  map: LegacyMap;
  /** Replacement member text per field (without indentation), or null to delete the field. */
  members: Map<MapField, string | null>;
  /** Extra lines after a member (same indentation), e.g. a kept `__uint(key_size, 8);` after a `__type`. */
  memberExtras: Map<MapField, string[]>;
  /** Members added at the end of the struct body (`__array(values, ...)` must be last). */
  appended: string[];
  /** `.values` initializer entries, in order: `[key] = target`, each between its own preprocessor lines (the program's #if). */
  values?: { key: string; target: string; open?: string[]; close?: string[] }[];
  /** Struct tag for the anonymous struct, when the map's type must be nameable (map-in-map templates). */
  tag?: string;
  /** Blocks of text inserted on their own lines above the map (forward declarations, template types). */
  before: string[];
  /** Edits elsewhere in the file that belong to this migration (annotation removal, program sections). */
  edits: Edit[];
  /** Helper names the rewritten map uses. */
  needs: Set<HelperName>;
  /** Set by the static-map rule: the rewrite drops `static`. */
  dropStatic: boolean;
  /** Set when a rule found a reason not to migrate: the map stays byte for byte as it was. */
  blocked: boolean;
  /** Plans sharing a group are rendered as one fix. */
  group: string;
}

/**
 * A rule's decision about one map, as data: what it adds to the map's rewrite (a fix), or that the
 * map must stay as it is (blocked). The engine composes the decisions of every rule into the
 * map's plan; a rule never edits a plan itself.
 */
export interface MapFix {
  /** Replacement member per field (without indentation), or null to delete the field. */
  members?: [MapField, string | null][];
  /** Extra lines after a member, e.g. a kept `__uint(key_size, 8);` after a `__type`. */
  memberExtras?: [MapField, string[]][];
  /** Members appended at the end of the struct body. */
  appended?: string[];
  /** `.values` entries. */
  values?: NonNullable<MapPlan['values']>;
  /** Struct tag for the anonymous struct. */
  tag?: string;
  /** Blocks of text above the map. */
  before?: string[];
  /** Edits elsewhere in the file that belong to this migration. */
  edits?: Edit[];
  needs?: HelperName[];
  /** The rewrite drops `static`. */
  dropStatic?: boolean;
  /** The fix this map's rewrite belongs to, when it must change together with other maps (see MapPlan.group). */
  group?: string;
  /** What the user is told about this part of the fix (notes, the legacy construct itself). */
  reports?: Omit<ReportInput, 'plan'>[];
}

export interface MapBlocked {
  blocked: Omit<ReportInput, 'plan' | 'category'>;
  /** The problem is reported elsewhere (once for several maps): this map only stays. */
  quiet?: boolean;
}

export type MapDecision = MapFix | MapBlocked;

/** The decision that keeps a map as it is, with the problem that says why. */
export function blocked(messageId: string, at: { start: number; end: number }, data: Record<string, string | number>, severity: ReportInput['severity'] = 'error'): MapBlocked {
  return { blocked: { messageId, start: at.start, end: at.end, data, severity } };
}

export interface RuleContext {
  file: FileModel;
  options: EngineOptions;
  plans: MapPlan[];
  /** The plan for the map declared (or whose macro expands) with this name. */
  planFor(name: string): MapPlan | undefined;
  report(input: ReportInput): ReportedDiagnostic;
  /** Hands the engine this rule's decision about a map (see MapDecision); the engine folds it into the plan. */
  decide(plan: MapPlan, decision: MapDecision): void;
  /** Ids of the rules enabled in this run. */
  enabled: Set<string>;
  /**
   * A fix that belongs to no map of this file: a file whose maps live in a header still changes
   * with them (a tail-call program's section, a prog array's definition).
   */
  addFix(fix: Fix): void;
  /** The fixes added with addFix so far (a file whose maps live in a header may still change). */
  addedFixes(): readonly Fix[];
}

export interface Rule {
  meta: RuleMeta;
  /** Rules whose plans or facts this rule builds on; they run too when this one is selected. */
  requires?: string[];
  run?(ctx: RuleContext): void;
  /** Runs after every rule's `run` and the engine's own checks, when the set of migrated maps is final. */
  finish?(ctx: RuleContext): void;
  /**
   * Before a run over a tree, once per object (`.c` file): what this rule must know of the object
   * to decide, in every file of the run, about what several files share. Plain data (it crosses threads).
   */
  objectFacts?(ctx: RuleContext): unknown;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
