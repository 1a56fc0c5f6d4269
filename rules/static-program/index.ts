/** Drops `static` from BPF programs of migrated files: libbpf 1.x refuses static programs. */
import { defineRule, type RuleContext } from '../../src/core/rule.js';
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
    if (live.length === 0 || !/\bstatic\b/.test(ctx.file.text)) return;
    const { text } = ctx.file;
    for (const prog of ctx.file.programs()) {
      const inSection = prog.tail !== undefined || (prog.section !== undefined && !NON_PROGRAM_SECTIONS.test(prog.section.name));
      if (!inSection || !prog.staticKeyword) continue;
      const edit = deletion(text, prog.staticKeyword.start, prog.staticKeyword.end);
      // Part of every fix of the file, as the include is: whichever applies first makes the object loadable.
      for (const plan of live) ctx.decide(plan, { edits: [edit] });
      ctx.report({ messageId: 'staticProgram', severity: 'info', category: 'note', start: prog.staticKeyword.start, end: prog.staticKeyword.end, plan: live[0], subject: prog.name, data: { name: prog.name } });
    }
  },
});
