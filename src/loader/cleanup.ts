/**
 * Synchronous cleanups that must run however the process ends: normally (the caller's finally), on
 * SIGINT/SIGTERM/SIGHUP, or at exit. Handlers are installed only while something is registered, and a
 * signal keeps its default effect (the process dies by it) unless the application handles it itself.
 */
const pending = new Set<() => void>();
let installed = false;
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Last registered first, as with defer: a clang process registered after the temp directory it
 * writes into is killed before the directory is removed (removing it first could race with
 * clang creating its output there and leave the directory behind).
 */
function runAll(): void {
  for (const fn of [...pending].reverse()) {
    pending.delete(fn);
    try {
      fn();
    } catch {
      /* best effort */
    }
  }
}

function onSignal(sig: NodeJS.Signals): void {
  runAll();
  uninstall();
  if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('exit', runAll);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  for (const s of SIGNALS) process.off(s, onSignal);
  process.off('exit', runAll);
}

/** Register `fn`; the returned function runs it now (once) and unregisters it. */
export function registerCleanup(fn: () => void): () => void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    fn();
  };
  pending.add(once);
  install();
  return () => {
    pending.delete(once);
    if (pending.size === 0) uninstall();
    once();
  };
}
