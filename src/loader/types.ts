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
  /**
   * The flags of the object's compilation database entry (`-I`, `-D`, `-include`, `-std=`, `-O`, `-mcpu=`, ...):
   * the build's way of compiling it. Without them, the file's entry in the nearest compile_commands.json up the tree.
   */
  buildFlags?: string[];
}

export interface VerifyOptions extends CompileOptions {
  /** Program type for sections libbpf does not know (e.g. `sched_cls`, `xdp`, or a libbpf section name like `tc`). */
  progType?: string;
  /** Parallel compile jobs (default: core count). */
  jobs?: number;
}

/** What the kernel reports for every map (bpf_map_info), whichever side it comes from. */
export interface MapAttributes {
  name: string;
  type: number;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  flags: number;
}

export interface MapState extends MapAttributes {
  pinned: boolean;
  /** key -> program or inner map name. */
  slots: Record<number, string>;
  /** Kernel map id (migrated side only, while it was loaded). */
  id?: number;
  /** Path the map was pinned at (migrated side only, under the private pin root). */
  pinPath?: string;
  /** What became of the map's BTF key/value types (migrated side only, while it was loaded). */
  btf?: MapBtf;
  /** Legacy side only: a BTF map (section `.maps`) already in the legacy file, expected as its BTF declares it. */
  alreadyBtf?: boolean;
}

/**
 * The BTF of a loaded map.
 * - `kept`: the kernel holds the map with the BTF key/value types of its definition.
 * - `none`: the definition gave sizes only (`__uint(key_size, ...)`), or libbpf leaves BTF off for
 *   this map type (perf event arrays, maps of maps, devmaps, sockmaps, ...): nothing was lost.
 * - `rejected`: the kernel refused the types; libbpf logged "Retrying without BTF" and created the map
 *   without them.
 * - `dropped`: the definition had BTF types, the kernel's map has none, libbpf's log does not say why
 *   and libbpf does not leave BTF off for this map type (a libbpf whose log wording is unknown).
 */
export interface MapBtf {
  status: 'kept' | 'none' | 'rejected' | 'dropped';
  /** Type ids in the object's BTF that the definition asked for (0 = none). */
  requestedKeyTypeId: number;
  requestedValueTypeId: number;
  /** bpf_map_info btf_id / btf_key_type_id / btf_value_type_id; absent on kernels that do not report them. */
  kernel?: { btfId: number; keyTypeId: number; valueTypeId: number };
  /** The kernel's error for rejected types, from libbpf's log (e.g. `Invalid argument(-22)`). */
  error?: string;
}

export interface FieldVerdict {
  map: string;
  field: string;
  legacy: string;
  migrated: string;
  ok: boolean;
  /** false: not compared (a map already BTF in the legacy file whose definition could not be read); `ok` is then true. */
  compared?: false;
}

export type VerifyStatus = 'equivalent' | 'different' | 'load-skipped' | 'compile-error' | 'load-error';

export interface VerifyResult {
  file: string;
  legacyFile?: string;
  status: VerifyStatus;
  fields: FieldVerdict[];
  messages: string[];
  verifierLog?: string;
  /** Where the full verifier logs of the rejected programs were written. */
  verifierLogPath?: string;
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
