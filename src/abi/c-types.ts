/**
 * Sizes of C scalar types on the BPF target (LP64), for the names fixed by convention: the C
 * standard's, `<linux/types.h>`'s (`__u32`, `__be16`), the kernel's (`u64`), `<stdint.h>`'s.
 */

const TYPE_SIZES: Record<string, number> = {
  char: 1, 'signed char': 1, 'unsigned char': 1, bool: 1, _Bool: 1,
  short: 2, 'short int': 2, 'unsigned short': 2, 'unsigned short int': 2, 'signed short': 2,
  int: 4, 'unsigned int': 4, unsigned: 4, 'signed int': 4, signed: 4,
  long: 8, 'long int': 8, 'unsigned long': 8, 'unsigned long int': 8, 'signed long': 8,
  'long long': 8, 'unsigned long long': 8, 'long long int': 8, 'unsigned long long int': 8,
  float: 4, double: 8, size_t: 8, ssize_t: 8, uintptr_t: 8, intptr_t: 8,
};
for (const bits of [8, 16, 32, 64]) {
  const bytes = bits / 8;
  for (const name of [`__u${bits}`, `__s${bits}`, `u${bits}`, `s${bits}`, `uint${bits}_t`, `int${bits}_t`, `__uint${bits}_t`, `__int${bits}_t`, `u_int${bits}_t`]) TYPE_SIZES[name] = bytes;
  if (bits > 8) for (const name of [`__be${bits}`, `__le${bits}`, `be${bits}`, `le${bits}`]) TYPE_SIZES[name] = bytes;
}

/** Normalises a type's spelling: single spaces, `*` attached (`struct foo *`). */
export function normaliseType(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\s*\*\s*/g, ' *').replace(/\s*\[\s*/g, '[').replace(/\s*\]/g, ']').trim();
}

/** Size in bytes of a type known without a compiler (scalars, pointers, arrays of them), or undefined. */
export function knownTypeSize(type: string): number | undefined {
  const t = normaliseType(type).replace(/\b(const|volatile)\b\s*/g, '').trim();
  if (t.endsWith('*')) return 8;
  const arr = /^(.*)\[(\d+)\]$/.exec(t);
  if (arr) {
    const inner = knownTypeSize(arr[1]);
    return inner === undefined ? undefined : inner * Number(arr[2]);
  }
  return TYPE_SIZES[t];
}

export function isKnownScalarType(name: string): boolean {
  return TYPE_SIZES[name] !== undefined;
}
