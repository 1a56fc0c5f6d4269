/** Resolves #include directives on disk as clang would: quotes relative to the file, then -I dirs, then system dirs. */
import { dirname, join, resolve } from 'node:path';
import type { ResolvedSource, SourceProvider } from '../core/headers.js';
import { readRegularFile } from './read-source.js';
import { ownString } from '../core/own-string.js';

export const SYSTEM_INCLUDE_DIRS = ['/usr/local/include', '/usr/include/x86_64-linux-gnu', '/usr/include/aarch64-linux-gnu', '/usr/include'];

export class FsIncludeProvider implements SourceProvider {
  private readonly cache = new Map<string, ResolvedSource | null>();
  private readonly resolved = new Map<string, ResolvedSource | null>();

  constructor(private readonly includeDirs: string[] = [], private readonly systemDirs: string[] = SYSTEM_INCLUDE_DIRS) {}

  resolveInclude(spec: string, angled: boolean, fromPath: string | undefined): ResolvedSource | undefined {
    const from = !angled && fromPath ? dirname(fromPath) : '';
    const key = `${from}\0${spec}`;
    let hit = this.resolved.get(key);
    if (hit === undefined) {
      hit = this.search(spec, from) ?? null;
      this.resolved.set(ownString(key), hit);
    }
    return hit ?? undefined;
  }

  private search(spec: string, from: string): ResolvedSource | undefined {
    const dirs = [...(from ? [from] : []), ...this.includeDirs, ...this.systemDirs];
    for (const dir of dirs) {
      const candidate = resolve(join(dir, spec));
      const hit = this.read(candidate);
      if (hit) return this.systemDirs.includes(dir) && !this.includeDirs.includes(dir) ? { ...hit, system: true } : hit;
    }
    return undefined;
  }

  private read(path: string): ResolvedSource | undefined {
    const cached = this.cache.get(path);
    if (cached !== undefined) return cached ?? undefined;
    // Only regular files, size-capped, read without blocking: an include may name a FIFO or /proc/kmsg.
    const read = readRegularFile(path);
    const result: ResolvedSource | null = read.ok ? { path, text: read.bytes.toString('utf8') } : null;
    this.cache.set(path, result);
    return result ?? undefined;
  }
}
