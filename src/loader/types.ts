/** Public data types of the loader (see index.ts for the API). */

export interface CompileOptions {
  /** -I DIR, relative to cwd. */
  includeDirs: string[];
  /** -D NAME[=VAL]. */
  defines: string[];
  /** Extra clang arguments, already split (the CLI splits --cflags "…"). */
  cflags: string[];
  /** clang binary (default: `clang` on PATH). */
  clang?: string;
  /** Directory relative paths are resolved against (default process.cwd()). */
  cwd?: string;
}

export interface VerifyOptions extends CompileOptions {
  /** Program type for sections libbpf does not know (e.g. `sched_cls`, `xdp`, or a libbpf section name like `tc`). */
  progType?: string;
  /** Parallel compile jobs (default: core count). */
  jobs?: number;
}

export interface MapState {
  name: string;
  type: number;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  flags: number;
  pinned: boolean;
  /** key -> program or inner map name. */
  slots: Record<number, string>;
  /** Kernel map id (migrated side only, while it was loaded). */
  id?: number;
  /** Path the map was pinned at (migrated side only, under the private pin root). */
  pinPath?: string;
}

export interface FieldVerdict {
  map: string;
  field: string;
  legacy: string;
  migrated: string;
  ok: boolean;
}

export type VerifyStatus = 'equivalent' | 'different' | 'load-skipped' | 'compile-error' | 'load-error';

export interface VerifyResult {
  file: string;
  legacyFile?: string;
  status: VerifyStatus;
  fields: FieldVerdict[];
  messages: string[];
  verifierLog?: string;
  /** Migrated side as the kernel holds it (or, for a legacy file given to inspect, the ELF-derived state). */
  maps?: MapState[];
  /** Legacy side as iproute2 would create it (verifyPair only). */
  expected?: MapState[];
  /** Catalogue code for a failure status (CompileFailed, VerifierRejected, NotPrivileged, ...). */
  errorCode?: string;
  /** Compile diagnostics, mapped to the user's file. */
  diagnostics?: CompileDiagnostic[];
}

export interface CompileDiagnostic {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'note' | 'fatal error';
  message: string;
}
