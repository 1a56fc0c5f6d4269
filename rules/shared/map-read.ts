/** Messages and checks shared by the two legacy map rules: why a declaration cannot be read or migrated. */
import { blocked, defineRule, type Rule, type RuleContext, type MapPlan } from '../../src/core/rule.js';
import { commonMembers, newPlan } from '../../src/core/members.js';
import { identifierOccurrences, legacyStructUse, type LegacyKind } from '../../src/core/legacy-map.js';
import { neverBuilt } from '../../src/core/scan.js';

export const MAP_READ_MESSAGES = {
  unreadableInitializer: "Map '{{name}}' is not migrated: its initializer cannot be read ({{detail}}).",
  conditionalCutsField: "Map '{{name}}' is not migrated: a preprocessor conditional cuts through field .{{detail}}.",
  unknownField: "Map '{{name}}' is not migrated: field .{{detail}} is not a field of the legacy struct.",
  positionalWithoutLayout: "Map '{{name}}' is not migrated: its positional initializer needs the definition of struct {{detail}}, which the file and its headers do not give.",
  unknownMacroInHead: "Map '{{name}}' is not migrated: '{{detail}}' in its declaration is a macro that is not defined in the file or its headers.",
  duplicateField: "Map '{{name}}' is not migrated: field .{{detail}} is set twice.",
  nestedDesignator: "Map '{{name}}' is not migrated: the designator '{{detail}}' is not a plain field name.",
  notMapsSection: "Map '{{name}}' is in section \"{{detail}}\", not \"maps\": it is not a legacy map definition the loader reads.",
  btfTwin: "Map '{{name}}' is not migrated: the file already declares a BTF-defined map of that name (under another preprocessor branch).",
  legacyUse: "Map '{{name}}' is not migrated: the file uses it as a legacy struct ({{use}}), which a BTF-defined map is not.",
  sectionAssumed: "Map '{{name}}': '{{macro}}' is defined in a header bpf-migrate cannot read; assuming it puts the map in section \"maps\", as the legacy loader requires of a legacy map.",
  declaredByMacro: "Map '{{name}}' is declared with {{macro}}(...), a macro that expands to a legacy map definition: the fix writes the call out and migrates it.",
  macroMapUnexpandable: "The legacy map declared by {{macro}}({{name}}, ...) is not migrated: bpf-migrate cannot write the declaration out ({{detail}}).",
};

export const MAP_READ_HINTS = {
  unreadableInitializer: 'Rewrite the initializer as a plain designated initializer, or migrate this map by hand.',
  conditionalCutsField: 'Move the #if/#else so that it wraps whole fields, or migrate this map by hand.',
  unknownField: 'Check which iproute2 struct version the file uses; migrate this map by hand.',
  positionalWithoutLayout: 'Pass the include directory that defines the struct with -I, or use a designated initializer.',
  unknownMacroInHead: 'Pass the include directory that defines the macro with -I, or spell the section attribute out.',
  duplicateField: 'Remove the duplicate field; the last one wins in C, which is rarely what was meant.',
  nestedDesignator: 'Migrate this map by hand.',
  notMapsSection: '',
  btfTwin: 'Remove whichever declaration is no longer built, then run bpf-migrate again.',
  legacyUse: 'Replace that use (read the value from a #define, declare the map once), then run bpf-migrate again.',
  sectionAssumed: 'Pass the directory of the header that defines it with -I to have it checked.',
  declaredByMacro: '',
  macroMapUnexpandable: 'Write this map out as a BTF-defined map by hand, or replace the macro call with the declaration it stands for and run bpf-migrate again.',
};

export function reportUnreadable(ctx: RuleContext, kind: LegacyKind): void {
  for (const u of ctx.file.unreadable) {
    const text = ctx.file.text.slice(u.start, u.start + 200);
    const isElf = /bpf_elf_map/.test(text);
    if ((kind === 'elf') !== isElf) continue;
    ctx.report({
      messageId: u.problem.messageId, severity: u.problem.messageId === 'notMapsSection' ? 'warning' : 'error', category: 'problem',
      start: u.problem.start, end: u.problem.end, subject: u.name, data: { name: u.name ?? '?', detail: u.problem.detail },
    });
  }
}

/** Maps declared through a macro: the engine writes out and migrates the ones it can expand (see migrate). */
function reportMacroMaps(ctx: RuleContext, kind: LegacyKind): void {
  for (const use of ctx.file.macroMaps) {
    if (use.kind !== kind) continue;
    const data = { name: use.name, macro: use.macro, detail: use.problem ?? '' };
    if (use.expansion !== undefined) ctx.report({ messageId: 'declaredByMacro', severity: 'warning', category: 'legacy', start: use.start, end: use.end, subject: use.name, data });
    else ctx.report({ messageId: 'macroMapUnexpandable', severity: 'error', category: 'problem', start: use.start, end: use.end, subject: use.name, data });
  }
}

const btfNames = new WeakMap<object, Set<string>>();

/** Names of the BTF-defined maps a file already declares (`} NAME SEC(".maps")`), read once per file. */
function btfMapNames(text: string, key: object): Set<string> {
  let names = btfNames.get(key);
  if (!names) {
    names = !text.includes('".maps"') ? new Set() : new Set([...text.matchAll(/\}\s*([A-Za-z_]\w*)\s+(?:SEC|__section)\s*\(\s*"\.maps"\s*\)/g)].map((m) => m[1]));
    btfNames.set(key, names);
  }
  return names;
}

/** A BTF map of the same name elsewhere in the file (an #if/#else pair): migrating would declare it twice. */
export function reportBtfTwin(ctx: RuleContext, plan: MapPlan): boolean {
  // In `#if 0` the legacy map is never built, so it is never declared twice.
  if (!btfMapNames(ctx.file.text, ctx.file).has(plan.map.name) || neverBuilt(ctx.file.text, ctx.file.scan, plan.map.start)) return false;
  ctx.decide(plan, blocked('btfTwin', { start: plan.map.start, end: plan.map.headEnd }, { name: plan.map.name }));
  return true;
}

/**
 * The two legacy map rules differ only in the struct they read: each creates a plan per map of
 * its kind, reports it as legacy, and reports the declarations of its kind it could not read.
 */
export function legacyMapRule(kind: LegacyKind, meta: { id: string; description: string; legacyMessage: string }): Rule {
  return defineRule({
    meta: {
      id: meta.id,
      description: meta.description,
      fixable: true,
      messages: { legacyMap: meta.legacyMessage, ...MAP_READ_MESSAGES },
      hints: MAP_READ_HINTS,
      readsMaps: true,
    },
    // `--rule` with a map rule means "migrate these maps": the rules their fields and headers need come along.
    run(ctx: RuleContext) {
      const ofKind = ctx.file.maps.filter((m) => m.kind === kind);
      const uses = identifierOccurrences(ctx.file.text, new Set(ofKind.map((m) => m.name)));
      const externs = ctx.file.text.includes('extern');
      for (const map of ofKind) {
        const plan = newPlan(map);
        ctx.plans.push(plan);
        ctx.report({ messageId: 'legacyMap', severity: 'warning', category: 'legacy', start: map.start, end: map.headEnd, plan, data: { name: map.name } });
        if (map.assumedSection) ctx.report({ messageId: 'sectionAssumed', severity: 'warning', category: 'note', start: map.start, end: map.headEnd, plan, data: { name: map.name, macro: map.assumedSection } });
        if (reportBtfTwin(ctx, plan)) continue;
        const use = legacyStructUse(ctx.file, map.name, uses.get(map.name) ?? [], map.start, map.end, externs);
        if (use) { ctx.decide(plan, blocked('legacyUse', { start: map.start, end: map.headEnd }, { name: map.name, use })); continue; }
        ctx.decide(plan, commonMembers(map, ctx.file));
      }
      reportUnreadable(ctx, kind);
      reportMacroMaps(ctx, kind);
    },
  });
}
