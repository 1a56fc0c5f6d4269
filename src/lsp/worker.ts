/**
 * Analysis worker for the language server: a child process that runs the engine, so a slow
 * or stuck analysis never blocks the connection. The server kills it on a time-out: a child
 * process, not a worker thread, because ending a thread inside tree-sitter's native code
 * aborts the whole process.
 */
import { rules as allRules } from '../../rules/index.js';
import { runEngine, type EngineResult } from './analysis.js';
import { EngineHost, type AnalysisRequest } from './host.js';

const host = new EngineHost(allRules);
process.on('message', (req: AnalysisRequest) => {
  let reply: { id: number; result?: EngineResult; error?: string };
  try {
    reply = { id: req.id, result: runEngine(req.text, req.path, host.setup(req)) };
  } catch (e) {
    reply = { id: req.id, error: (e as Error).stack ?? String(e) };
  }
  process.send!(reply);
});
// The server went away: nothing left to do.
process.on('disconnect', () => process.exit(0));
