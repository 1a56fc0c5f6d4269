/**
 * Analysis worker for the language server: runs the engine off the main thread, so a slow
 * or stuck analysis never blocks the connection (the server ends the worker on a time-out).
 */
import { parentPort } from 'node:worker_threads';
import { rules as allRules } from '../../rules/index.js';
import { runEngine, type EngineResult } from './analysis.js';
import { EngineHost, type AnalysisRequest } from './host.js';

const host = new EngineHost(allRules);
parentPort!.on('message', (req: AnalysisRequest) => {
  let reply: { id: number; result?: EngineResult; error?: string };
  try {
    reply = { id: req.id, result: runEngine(req.text, req.path, host.setup(req)) };
  } catch (e) {
    reply = { id: req.id, error: (e as Error).stack ?? String(e) };
  }
  parentPort!.postMessage(reply);
});
