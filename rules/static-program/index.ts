/** Drops `static` from BPF programs of migrated files: libbpf 1.x refuses static programs. */
import { defineRule, type RuleContext } from '../../src/core/rule.js';
import type { Edit } from '../../src/core/types.js';
import { deletion } from '../../src/core/render.js';
import { NON_PROGRAM_SECTIONS } from '../../src/core/programs.js';


export default defineRule({
  meta: {
    id: 'static-program',
    description: 'Drop `static` from programs in their own sections, which libbpf 1.x refuses, in files that are migrated.',
    fixable: true,
    messages: {
      staticProgram: "Program '{{name}}' loses `static`: libbpf 1.x refuses static programs (\"program is static and not supported\"), so it becomes a global symbol of the object.",
    },
    hints: {
      staticProgram: 'If another file linked into the same object defines a function of this name, rename one of them.',
    },
  },
  // Runs once the set of migrated maps is final: a file that stays legacy is left as it is.
  finish(ctx: RuleContext) {
    const live = ctx.plans.filter((p) => !p.blocked);
    // A file whose only change is elsewhere than its maps (the slots of a prog array its header declares) is migrated too.
    const other = ctx.addedFixes();
    if ((live.length === 0 && other.length === 0) || !/\bstatic\b/.test(ctx.file.text)) return;
    const edits: Edit[] = [];
    const { text } = ctx.file;
    for (const prog of ctx.file.programs()) {
      const inSection = prog.tail !== undefined || (prog.section !== undefined && !NON_PROGRAM_SECTIONS.test(prog.section.name));
      if (!inSection || !prog.staticKeyword) continue;
      const edit = deletion(text, prog.staticKeyword.start, prog.staticKeyword.end);
      // Part of every fix of the file, as the include is: whichever applies first makes the object loadable.
      for (const plan of live) ctx.decide(plan, { edits: [edit] });
      edits.push(edit);
      const note = { messageId: 'staticProgram', severity: 'info' as const, category: 'note' as const, start: prog.staticKeyword.start, end: prog.staticKeyword.end, subject: prog.name, data: { name: prog.name } };
      ctx.report(live.length > 0 ? { ...note, plan: live[0] } : { ...note, fixKey: other[0].key });
    }
    // Without a map of its own to carry them, the edits go with the file's other fixes.
    if (live.length === 0 && edits.length > 0) for (const fix of other) fix.edits.push(...edits);
  },
});
