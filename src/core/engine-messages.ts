/**
 * The engine's own messages: what it says when no single rule speaks for a map (a field no rule
 * translates, a group that must change together, a map written out of a macro, a legacy map left
 * after the run, a migration whose output parses worse). Reported with rule id `engine`; each
 * message is defined here once.
 */
import type { DiagnosticCategory, ReportedDiagnostic, RuleMeta } from './rule.js';
import type { Severity } from './types.js';

export const ENGINE_RULE_ID = 'engine';

export const ENGINE_MESSAGES = {
  unhandledField: {
    text: "Map '{{name}}' is not migrated: no enabled rule has an exact translation for .{{field}} = {{value}} on this map.",
    hint: 'Migrate this field by hand; if you disabled a rule (--disable-rule), enable it again.',
  },
  groupBlocked: {
    text: "Map '{{name}}' is not migrated: it must change together with {{others}}, which stay(s) as they are.",
    hint: 'Resolve the problem reported for the other maps first.',
  },
  macroMapNotMigrated: {
    text: "Map '{{name}}' is declared with {{macro}}(...), which expands to a legacy map definition; written out, it cannot be migrated: {{detail}}",
    hint: 'Replace the macro call with the declaration it stands for, resolve the problem reported for it, and run bpf-migrate again.',
  },
  macroMapWrittenOut: {
    text: '{{macro}}(...) is written out here as the preprocessor expands it, declaring {{names}}, and migrated; the macro itself stays defined.',
    hint: 'Remove {{macro}} if nothing else uses it.',
  },
  legacyMapRemains: {
    text: 'After this run, {{what}} still puts a legacy map in section "maps" ({{detail}}): libbpf 1.0 and tc refuse the object.',
    hint: 'Write this map out as a BTF-defined map by hand (or replace the macro that produces it), then run bpf-migrate again.',
  },
  parseCheckFailed: {
    text: 'The migrated text parses worse than the original ({{after}} syntax errors instead of {{before}}); the file is left as it was.',
    hint: 'Please report this file: it is a bpf-migrate bug.',
  },
} as const;

export type EngineMessageId = keyof typeof ENGINE_MESSAGES;

export function fillTemplate(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => String(data[k] ?? `{{${k}}}`));
}

/** An engine diagnostic at a place of the file; `hint` overrides the catalogue's when a caller knows better. */
export function engineDiagnostic(
  messageId: EngineMessageId,
  at: { start: number; end: number; line: number; column: number; subject?: string },
  data: Record<string, string | number>,
  severity: Severity = 'error',
  category: DiagnosticCategory = 'problem',
  hint?: string,
): ReportedDiagnostic {
  const m = ENGINE_MESSAGES[messageId];
  return { ruleId: ENGINE_RULE_ID, messageId, severity, category, message: fillTemplate(m.text, data), hint: hint || fillTemplate(m.hint, data), ...at };
}

/** The catalogue in the shape of a rule's meta, for the code that reports through one (SARIF's rule list, the engine's report). */
export const ENGINE_META: RuleMeta = {
  id: ENGINE_RULE_ID,
  description: 'Refuse what no rule can translate exactly, and a migration whose output parses worse than its input; name every legacy map left.',
  fixable: false,
  messages: Object.fromEntries(Object.entries(ENGINE_MESSAGES).map(([k, v]) => [k, v.text])),
  hints: Object.fromEntries(Object.entries(ENGINE_MESSAGES).map(([k, v]) => [k, v.hint])),
};
