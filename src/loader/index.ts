/**
 * The built-in loader: compile with clang, derive the legacy expectation from the ELF, load the migrated
 * object through libbpf (koffi FFI) in a private pin root, and compare what the kernel holds.
 * No yargs, no process.exit: options in, data out.
 */
export type { CompileOptions, VerifyOptions, MapState, FieldVerdict, VerifyResult, VerifyStatus, CompileDiagnostic } from './types.js';
export type { SourceInput, CompileResult, CompileSourceOptions } from './compile.js';
export { compileSource, cacheDir, compileCommandsFlags, splitCommandLine, defaultFlags } from './compile.js';
export { verifyPair, inspectMigrated, exitCodeFor, logTail } from './verify.js';
export { formatVerifyTable, formatMapsTable } from './format.js';
export { readLegacyObject, expectedState, parseTailCallSection } from './legacy.js';
export { mapTypeLabel as mapTypeName, BPF_MAP_TYPE } from '../abi/index.js';
export { compareStates, sameName } from './compare.js';
export { checkPrivileges } from './privilege.js';
export { ERROR_CATALOGUE, LoaderError, isLoaderError, type LoaderErrorCode } from './errors.js';
