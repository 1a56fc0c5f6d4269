/** Catalogue of the loader's user-facing failures: each has a stable code, a title, a hint and an exit code. */

export type LoaderErrorCode =
  | 'ClangNotFound'
  | 'LibbpfHeadersMissing'
  | 'LibbpfNotFound'
  | 'NotPrivileged'
  | 'NoBpffs'
  | 'CompileFailed'
  | 'VerifierRejected'
  | 'LoadFailed'
  | 'LegacyObject'
  | 'CompileCommandsUnreadable'
  | 'LegacyMapsLeft';

export interface CatalogueEntry {
  title: string;
  hint: string;
  /** 1 = verification failed (the file is at fault), 2 = the check could not run (environment or usage). */
  exitCode: 1 | 2;
}

export const ERROR_CATALOGUE: Record<LoaderErrorCode, CatalogueEntry> = {
  ClangNotFound: {
    title: 'clang was not found',
    hint: 'Install the Debian packages clang and llvm (apt-get install clang llvm), or pass --clang PATH.',
    exitCode: 2,
  },
  LibbpfHeadersMissing: {
    title: 'libbpf headers (bpf/bpf_helpers.h) were not found',
    hint: 'Install the Debian package libbpf-dev (apt-get install libbpf-dev), or pass -I DIR pointing at a directory that contains bpf/bpf_helpers.h.',
    exitCode: 2,
  },
  LibbpfNotFound: {
    title: 'the shared library libbpf.so.1 could not be loaded',
    hint: 'Install the Debian package libbpf1 (pulled in by libbpf-dev); the loader binds to the system libbpf.so.1 at run time.',
    exitCode: 2,
  },
  NotPrivileged: {
    title: 'not privileged to load BPF objects: load skipped',
    hint: 'Run as root, or with CAP_BPF and CAP_SYS_ADMIN. Both sides were compiled, but nothing was loaded, so equivalence was not proven.',
    exitCode: 2,
  },
  NoBpffs: {
    title: 'no private bpffs pin root could be created',
    hint: 'The check mounts a fresh bpffs on a temporary directory (needs CAP_SYS_ADMIN) or creates a private directory under an existing bpffs mount.',
    exitCode: 2,
  },
  CompileFailed: {
    title: 'clang could not compile the file',
    hint: 'Fix the error shown (file and line refer to your file), or pass the right -I/-D/--cflags; a compile_commands.json up the tree is used when found.',
    exitCode: 1,
  },
  VerifierRejected: {
    title: 'the kernel verifier rejected a program',
    hint: 'The excerpt of the verifier log shows why; a migration must not change program code, so compare with the legacy object.',
    exitCode: 1,
  },
  LoadFailed: {
    title: 'libbpf could not load the migrated object',
    hint: 'Read the libbpf messages shown: typical causes are a section name libbpf does not know (pass --prog-type), a .values slot naming a program that is not an entry point, or key/value types the map type does not allow.',
    exitCode: 1,
  },
  LegacyObject: {
    title: 'the file still declares legacy maps (section "maps"); libbpf 1.x refuses to load it',
    hint: 'Migrate it first (bpf-migrate --write), or verify the pair with --against.',
    exitCode: 2,
  },
  CompileCommandsUnreadable: {
    title: 'the compilation database could not be used',
    hint: 'Pass -p with the build directory that holds compile_commands.json, or --compile-commands FILE; produce it with `bear -- make` or CMake\'s -DCMAKE_EXPORT_COMPILE_COMMANDS=ON (see docs/build-context.md).',
    exitCode: 2,
  },
  LegacyMapsLeft: {
    title: 'the compiled object still has legacy maps (section "maps"), which libbpf 1.x refuses',
    hint: 'A macro bpf-migrate cannot expand exactly declares them: rewrite that macro\'s body as a BTF map (struct { __uint(type, ...); ... } NAME SEC(".maps")), or migrate its uses by hand.',
    exitCode: 1,
  },
};

/** An error from the catalogue, thrown for failures that stop the whole check (e.g. no clang). */
export class LoaderError extends Error {
  readonly code: LoaderErrorCode;
  readonly title: string;
  readonly hint: string;
  readonly exitCode: 1 | 2;
  readonly detail: string;

  constructor(code: LoaderErrorCode, detail = '') {
    const entry = ERROR_CATALOGUE[code];
    super(detail ? `${entry.title}: ${detail}` : entry.title);
    this.name = 'LoaderError';
    this.code = code;
    this.title = entry.title;
    this.hint = entry.hint;
    this.exitCode = entry.exitCode;
    this.detail = detail;
  }
}

export function isLoaderError(e: unknown): e is LoaderError {
  return e instanceof LoaderError;
}
