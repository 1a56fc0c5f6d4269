/** Crash-safe file replacement: write a temp file beside the target, fsync, rename over it, keep the mode. */
import { openSync, writeSync, fsyncSync, closeSync, renameSync, statSync, unlinkSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Temp files are named `.NAME.bpf-migrate-XXXX.tmp` so that a later run can sweep leftovers. */
export const TEMP_PATTERN = /^\..+\.bpf-migrate-[0-9a-f]{8}\.tmp$/;

export function writeFileAtomic(given: string, text: string): void {
  // Through a symbolic link, the file it points to is the one to replace (renaming over the link would turn it into a copy).
  const path = realpathSync(given);
  const mode = statSync(path).mode & 0o7777;
  const tmp = join(dirname(path), `.${basename(path)}.bpf-migrate-${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (e) {
    unlinkSync(tmp);
    throw e;
  }
}

/** Removes temp files a killed run left in `dir`. */
export function sweepTempFiles(dir: string): number {
  let n = 0;
  try {
    for (const name of readdirSync(dir)) {
      if (TEMP_PATTERN.test(name)) { try { unlinkSync(join(dir, name)); n++; } catch { /* gone already */ } }
    }
  } catch { /* unreadable dir: nothing to sweep */ }
  return n;
}
