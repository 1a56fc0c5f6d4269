/**
 * What tree-sitter costs through the Node binding, on the dense tree's own files: the figures
 * behind the engine's choice of what to parse (docs/benchmark.md, "What a parse costs").
 *
 *   - every byte of every file, as ast-grep parses it;
 *   - the map declarations alone, each parsed on its own (what the engine does);
 *   - the same declarations in one buffer per file where everything else is blanked, positions
 *     kept (one parse per file);
 *   - the same declarations joined with a newline, one parse per file.
 */
import { readFileSync } from 'node:fs';
import { parseC } from '../src/core/parser.js';
import { scan, Trigger } from '../src/core/scan.js';

export interface ParseCost {
  files: number;
  bytes: number;
  /** Whole files, one parse each. */
  wholeMs: number;
  spans: number;
  spanBytes: number;
  aloneMs: number;
  blankedMs: number;
  joinedMs: number;
}

function timed(run: () => void, rounds = 3): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    run();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

export function measureParseCost(paths: string[]): ParseCost {
  const texts = paths.map((p) => readFileSync(p, 'utf8'));
  const spansOf = texts.map((text) => scan(text).statements
    .filter((st) => st.bodyStart < 0 && st.initStart >= 0 && st.triggers & (Trigger.elfMap | Trigger.mapDef))
    .map((st) => ({ start: st.boundary, text: text.slice(st.boundary, st.end) })));
  const blanked = texts.map((text, i) => {
    const parts: string[] = [];
    let at = 0;
    for (const sp of spansOf[i]) {
      parts.push(' '.repeat(sp.start - at), sp.text);
      at = sp.start + sp.text.length;
    }
    parts.push(' '.repeat(text.length - at));
    return parts.join('');
  });
  const joined = spansOf.map((spans) => spans.map((sp) => sp.text).join('\n'));
  const spans = spansOf.flat();
  return {
    files: texts.length,
    bytes: texts.reduce((n, t) => n + t.length, 0),
    wholeMs: timed(() => { for (const t of texts) parseC(t); }),
    spans: spans.length,
    spanBytes: spans.reduce((n, sp) => n + sp.text.length, 0),
    aloneMs: timed(() => { for (const sp of spans) parseC(sp.text); }),
    blankedMs: timed(() => { for (const t of blanked) parseC(t); }),
    joinedMs: timed(() => { for (const t of joined) if (t) parseC(t); }),
  };
}
