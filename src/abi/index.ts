/**
 * Kernel and loader facts, written once and imported by both the core (which rewrites C) and the
 * loader (which compiles, loads and compares): map types and flags, which map types take BTF key
 * and value, scalar sizes on the BPF target, pinning values, the legacy struct layouts, program
 * types, section families and how the legacy loaders read numbers out of section names.
 *
 * The loader is not an independent oracle for these facts, and does not keep a copy of its own.
 * What it proves independently is the *kernel's* view: the legacy side is read from the object
 * clang compiled (every macro, sizeof and positional initializer evaluated by the compiler), the
 * migrated side from what the kernel reports after libbpf loaded it. The facts here only name
 * those numbers or read section names, and a second copy would not make them more right, only
 * drift (the loader's map-type table had lost ARENA). Their oracle is the source they restate,
 * checked by test/abi.test.ts: the map and program types and map flags against
 * /usr/include/linux/bpf.h, `%i` against the C library's own sscanf, the layouts against
 * iproute2's <iproute2/bpf_elf.h> when it is installed.
 */
export * from './maps.js';
export * from './c-types.js';
export * from './pinning.js';
export * from './legacy-structs.js';
export * from './programs.js';
