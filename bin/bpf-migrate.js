#!/usr/bin/env node
// Entry point: wires the process to the CLI, which never calls process.exit itself.
import { execute, processIO } from '../dist/src/cli/main.js';

process.exitCode = await execute(process.argv.slice(2), processIO());
