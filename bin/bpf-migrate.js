#!/usr/bin/env node
// Entry point: wires the process to the CLI, which never calls process.exit itself.
import { setFlagsFromString } from 'node:v8';

// A run is short and spends most of its time in tree-sitter's native code. V8's default
// eager optimizing (large inlining budgets, low hotness threshold) cost more compile-thread
// CPU than it won back, and on a small machine that thread takes a core from the workers.
// Measured with `npm run bench` (README, "Performance"). The flags only steer the JIT's
// heuristics; they are set before any of our code is loaded, and apply to the workers too.
setFlagsFromString('--max-inlined-bytecode-size-cumulative=100');
setFlagsFromString('--interrupt-budget=500000');

const { execute, processIO } = await import('../dist/src/cli/main.js');
process.exitCode = await execute(process.argv.slice(2), processIO());
