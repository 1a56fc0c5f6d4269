/** verifyPair / inspectMigrated: compile both sides, derive the legacy expectation, load the migrated object, compare. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { registerCleanup } from './cleanup.js';
import { cacheDir, compileSource, type CompileResult, type SourceInput } from './compile.js';
import { readBtfMaps } from './btf-maps.js';
import { withoutSlotsOf } from './slot-patch.js';
import { btfLoss, btfLossMessage, compareStates, sameName } from './compare.js';
import { ElfFile } from './elf.js';
import { isLoaderError, LoaderError } from './errors.js';
import { loadAndInspect, numPossibleCpus, pageSize } from './kernel.js';
import { expectedState, readLegacyObject } from './legacy.js';
import { createPinRoot } from './pinroot.js';
import { checkPrivileges } from './privilege.js';
import type { CompileDiagnostic, MapState, VerifyOptions, VerifyResult } from './types.js';

/** How many trailing lines of a verifier log a report shows (the full log is written to a file). */
export const VERIFIER_LOG_TAIL = 12;

export function logTail(log: string, lines = VERIFIER_LOG_TAIL): string {
  const all = log.replace(/\s+$/, '').split('\n');
  return (all.length > lines ? ['...', ...all.slice(-lines)] : all).join('\n');
}

function formatDiag(d: CompileDiagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
}

function compileFailure(result: VerifyResult, side: string, c: CompileResult): void {
  result.status = 'compile-error';
  result.errorCode = 'CompileFailed';
  const errs = c.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'fatal error');
  result.messages.push(`${side} ${c.file} does not compile:`);
  result.messages.push(...(errs.length ? errs.map(formatDiag) : [c.stderr.trim() || 'clang failed without a message']));
  result.diagnostics = [...(result.diagnostics ?? []), ...c.diagnostics];
}

interface LoadStep {
  ok: boolean;
  maps?: MapState[];
}

/** Load the migrated object in a private pin root and fill `result` (status stays untouched on success). */
function loadMigrated(result: VerifyResult, object: Buffer, opts: VerifyOptions, name: string): LoadStep {
  const priv = checkPrivileges();
  if (!priv.ok) {
    const e = new LoaderError('NotPrivileged', priv.reason);
    result.status = 'load-skipped';
    result.errorCode = e.code;
    result.messages.push(`load skipped: ${priv.reason}. ${e.hint}`);
    return { ok: false };
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bpf-migrate-load-'));
  const removeWork = registerCleanup(() => fs.rmSync(work, { recursive: true, force: true }));
  const objPath = path.join(work, `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.o`);
  // libbpf names the temp object; the user knows the file.
  const own = (m: string) => m.split(objPath).join(result.file);
  const attempt = (skipPrograms: string[], file = objPath) => {
    const root = createPinRoot(); // fresh for every attempt
    try {
      return loadAndInspect(file, { pinRoot: root.path, progType: opts.progType, skipPrograms });
    } finally {
      root.remove();
    }
  };
  try {
    fs.writeFileSync(objPath, object);
    const out = attempt([]);
    result.messages.push(...out.messages.map(own));
    if (out.ok) return { ok: true, maps: out.maps };

    const eperm = /Operation not permitted|EPERM/.test(out.messages.join('\n')) && !out.verifierLog;
    if (eperm) {
      result.status = 'load-skipped';
      result.errorCode = 'NotPrivileged';
      result.messages.push('load skipped: the kernel refused the bpf() calls (Operation not permitted)');
      return { ok: false };
    }
    result.status = 'load-error';
    if (out.verifierLog === undefined) {
      result.errorCode = 'LoadFailed';
      if (out.failedProgram) result.fields.push({ map: out.failedProgram, field: 'program', legacy: '-', migrated: 'not loaded', ok: false });
      result.messages.unshift(`libbpf could not load the object: ${out.error ?? 'unknown error'}`);
      return { ok: false };
    }
    result.errorCode = 'VerifierRejected';
    result.verifierLog = logTail(out.verifierLog);
    const rejected = [out.failedProgram ?? '(program)'];
    const logs = [{ program: rejected[0], log: out.verifierLog }];
    // Still compare the maps: load again without the rejected program(s), and without the prog-array
    // slots that name them (libbpf fails the whole load on a slot whose program is not loaded).
    // The verdict stays a failure.
    const patchedPath = path.join(work, `slots-${path.basename(objPath)}`);
    let again = out;
    for (let i = 0; i < 8 && !again.ok && again.verifierLog !== undefined && again.failedProgram; i++) {
      const patch = withoutSlotsOf(object, rejected);
      if (patch.dropped > 0) fs.writeFileSync(patchedPath, patch.object);
      again = attempt(rejected, patch.dropped > 0 ? patchedPath : objPath);
      if (!again.ok && again.failedProgram && !rejected.includes(again.failedProgram)) {
        rejected.push(again.failedProgram);
        if (again.verifierLog !== undefined) logs.push({ program: again.failedProgram, log: again.verifierLog });
      } else if (!again.ok) break;
    }
    result.verifierLogPath = writeVerifierLogs(result.file, logs);
    for (const p of rejected) result.fields.push({ map: p, field: 'program', legacy: '-', migrated: 'rejected by verifier', ok: false });
    result.messages.unshift(`the verifier rejected program${rejected.length > 1 ? 's' : ''} ${rejected.map((p) => `'${p}'`).join(', ')}`);
    if (again.ok) {
      result.messages.push(`maps compared with the rejected program${rejected.length > 1 ? 's' : ''} left out of the load`);
      result.messages.push(...declaredSlots(again.maps, object, rejected));
      return { ok: false, maps: again.maps };
    }
    return { ok: false };
  } catch (e) {
    if (!isLoaderError(e)) throw e;
    result.status = 'load-skipped';
    result.errorCode = e.code;
    result.messages.push(`load skipped: ${e.message}. ${e.hint}`);
    return { ok: false };
  } finally {
    removeWork();
  }
}

/**
 * Full verifier logs go to a file that outlives the check (the report shows only their tails): under
 * the cache directory (see cacheDir), else the temp directory, one file per verified source, replaced
 * by the next check of the same source.
 */
function writeVerifierLogs(file: string, logs: { program: string; log: string }[]): string | undefined {
  try {
    const dir = path.join(cacheDir() ?? os.tmpdir(), cacheDir() ? 'verifier-logs' : 'bpf-migrate-verifier-logs');
    fs.mkdirSync(dir, { recursive: true });
    const p = path.join(dir, `${file.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[_.]+/, '')}.log`);
    fs.writeFileSync(p, logs.map((l) => `# verifier log of program '${l.program}' (${file})\n${l.log.replace(/\s+$/, '')}\n`).join('\n'));
    return p;
  } catch {
    return undefined;
  }
}

/**
 * Slots whose program was rejected were left empty in the load: they are taken from the object's
 * `.values` initializers, as declared, so that the slots are still compared (and the report says so).
 */
function declaredSlots(maps: MapState[], object: Buffer, rejected: string[]): string[] {
  const notes: string[] = [];
  let declared;
  try {
    declared = readBtfMaps(new ElfFile(object)).maps;
  } catch {
    return notes;
  }
  for (const m of maps) {
    const def = declared.find((d) => sameName(d.name, m.name));
    for (const [key, target] of Object.entries(def?.slots ?? {})) {
      if (!rejected.includes(target) || m.slots[Number(key)] !== undefined) continue;
      m.slots[Number(key)] = target;
      notes.push(`slot [${key}] of '${m.name}' is read from the object's .values (its program '${target}' was rejected, so the slot was left empty in the load)`);
    }
  }
  return notes;
}

/**
 * Compile the legacy and the migrated source, derive what iproute2 would create from the legacy
 * object, load the migrated object with libbpf and compare map by map, field by field.
 * Throws LoaderError for ClangNotFound / LibbpfHeadersMissing (nothing can be checked without them).
 */
export async function verifyPair(legacySource: SourceInput, migratedSource: SourceInput, opts: VerifyOptions): Promise<VerifyResult> {
  const result: VerifyResult = {
    file: migratedSource.label ?? migratedSource.path,
    legacyFile: legacySource.label ?? legacySource.path,
    status: 'equivalent',
    fields: [],
    messages: [],
  };
  // The legacy side may be a libbpf 0.x program whose struct bpf_map_def libbpf 1.x no longer defines.
  const [leg, mig] = await Promise.all([compileSource(legacySource, { ...opts, legacyMapDef: true }), compileSource(migratedSource, opts)]);
  result.messages.push(...leg.notes.map((n) => `legacy ${leg.file}: ${n}`), ...mig.notes.map((n) => `migrated ${mig.file}: ${n}`));
  if (!leg.ok) compileFailure(result, 'legacy', leg);
  if (!mig.ok) compileFailure(result, 'migrated', mig);
  if (!leg.ok || !mig.ok) return result;

  const legacyObj = readLegacyObject(leg.object!);
  const exp = expectedState(legacyObj);
  result.expected = exp.maps;
  result.messages.push(...exp.messages);
  const alreadyBtf = legacyObj.btfMaps.length + legacyObj.btfUnreadable.length;
  if (legacyObj.maps.length === 0 && alreadyBtf === 0) result.messages.push(`legacy ${result.legacyFile} has no map in section "maps"`);
  else if (legacyObj.maps.length === 0) result.messages.push(`legacy ${result.legacyFile} has no map in section "maps": its maps are BTF maps already (nothing to migrate)`);

  const loaded = loadMigrated(result, mig.object!, opts, path.basename(migratedSource.path));
  if (!loaded.maps) return result;
  result.maps = loaded.maps;
  const cmp = compareStates(exp.maps, loaded.maps, { possibleCpus: numPossibleCpus(), pageSize: pageSize(), notCompared: exp.notCompared });
  result.fields.push(...cmp.fields);
  result.messages.push(...cmp.messages);
  // A load error (verifier rejection) stays the status even when the maps match.
  if (loaded.ok) result.status = result.fields.every((f) => f.ok) ? 'equivalent' : 'different';
  return result;
}

/**
 * `verify <file>`: compile and load an already-migrated file and report its maps as the kernel holds them.
 * Status `equivalent` here means "compiled and loaded"; `different`, that a map lost the BTF types it
 * declares (the kernel rejected them). A file that still has a legacy `maps` section is
 * not loadable with libbpf 1.x: its ELF-derived state is reported with status `load-skipped`.
 */
export async function inspectMigrated(source: SourceInput, opts: VerifyOptions): Promise<VerifyResult> {
  const result: VerifyResult = { file: source.label ?? source.path, status: 'equivalent', fields: [], messages: [] };
  // Forcing libbpf 0.x's struct bpf_map_def in lets a legacy file given here compile and be reported as legacy.
  const c = await compileSource(source, { ...opts, legacyMapDef: true });
  result.messages.push(...c.notes);
  if (!c.ok) {
    compileFailure(result, 'file', c);
    return result;
  }
  const elf = new ElfFile(c.object!);
  if (elf.section('maps')) {
    const exp = expectedState(readLegacyObject(c.object!));
    result.status = 'load-skipped';
    result.errorCode = 'LegacyObject';
    result.maps = exp.maps;
    const what = exp.maps.some((m) => m.alreadyBtf)
      ? 'what iproute2 would create from section "maps" and libbpf from the BTF maps already in ".maps"'
      : 'what iproute2 would create';
    result.messages.push(`this file still has a legacy "maps" section, which libbpf 1.x refuses; the maps below are ${what}, read from the ELF (migrate the file, then verify it)`, ...exp.messages);
    return result;
  }
  const loaded = loadMigrated(result, c.object!, opts, path.basename(source.path));
  if (loaded.maps) {
    result.maps = loaded.maps;
    // A map created without the BTF types it declares is not what the file says, even with nothing to compare.
    for (const m of loaded.maps) {
      const lost = btfLoss(m);
      if (lost === undefined) continue;
      result.fields.push({ map: m.name, field: 'btf', legacy: '-', migrated: lost, ok: false });
      result.messages.push(btfLossMessage(m));
    }
    if (loaded.ok && result.fields.some((f) => !f.ok)) result.status = 'different';
  }
  return result;
}

/** Exit code for a set of results: 0 all equivalent, 1 a difference / compile or load error, 2 a load was skipped. */
export function exitCodeFor(results: VerifyResult[]): 0 | 1 | 2 {
  if (results.some((r) => r.status === 'different' || r.status === 'compile-error' || r.status === 'load-error')) return 1;
  if (results.some((r) => r.status === 'load-skipped')) return 2;
  return 0;
}
