/**
 * Extended attributes (ACLs, SELinux labels, user.*) of an open file, through libc with koffi:
 * Node's fs has no xattr calls. Used by the writer to give a replacement file the attributes of
 * the file it replaces.
 */
import { createRequire } from 'node:module';

type Fn = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

interface XattrCalls {
  flistxattr: Fn;
  fgetxattr: Fn;
  fsetxattr: Fn;
  errno: () => number;
}

let calls: XattrCalls | null | undefined;

function libc(): XattrCalls | null {
  if (calls !== undefined) return calls;
  try {
    const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
    const lib = koffi.load('libc.so.6');
    calls = {
      flistxattr: lib.func('long flistxattr(int fd, _Out_ uint8_t *list, size_t size)'),
      fgetxattr: lib.func('long fgetxattr(int fd, const uint8_t *name, _Out_ uint8_t *value, size_t size)'),
      fsetxattr: lib.func('int fsetxattr(int fd, const uint8_t *name, const uint8_t *value, size_t size, int flags)'),
      errno: () => koffi.errno(),
    };
  } catch {
    calls = null;
  }
  return calls;
}

const ENOTSUP = 95;
const ERANGE = 34;

/** Name → value of every extended attribute of `fd` (empty where the file system has none); undefined when they cannot be read. */
export function readXattrs(fd: number): Map<string, Buffer> | undefined {
  const c = libc();
  if (!c) return undefined;
  for (let attempt = 0; attempt < 4; attempt++) {
    const size = Number(c.flistxattr(fd, null, 0));
    if (size < 0) return c.errno() === ENOTSUP ? new Map() : undefined;
    if (size === 0) return new Map();
    const list = Buffer.alloc(size);
    const got = Number(c.flistxattr(fd, list, size));
    if (got < 0) { if (c.errno() === ERANGE) continue; return undefined; }
    const out = new Map<string, Buffer>();
    // Names are bytes, kept as latin1 strings (one char per byte) and passed back as NUL-terminated bytes.
    for (const name of list.subarray(0, got).toString('latin1').split('\0').filter(Boolean)) {
      const cname = Buffer.from(`${name}\0`, 'latin1');
      const len = Number(c.fgetxattr(fd, cname, null, 0));
      if (len < 0) return undefined;
      const value = Buffer.alloc(len);
      const n = len === 0 ? 0 : Number(c.fgetxattr(fd, cname, value, len));
      if (n < 0) return undefined;
      out.set(name, value.subarray(0, n));
    }
    return out;
  }
  return undefined;
}

/** Sets every attribute on `fd`; false when one of them could not be set (not allowed, not supported). */
export function writeXattrs(fd: number, attrs: Map<string, Buffer>): boolean {
  if (attrs.size === 0) return true;
  const c = libc();
  if (!c) return false;
  for (const [name, value] of attrs) if (Number(c.fsetxattr(fd, Buffer.from(`${name}\0`, 'latin1'), value, value.length, 0)) !== 0) return false;
  return true;
}
