/**
 * A copy of a BTF object whose `.values` initializers no longer name some programs. libbpf fills
 * prog-array slots after it has loaded every program and fails the whole load when a slot's program
 * was not loaded; a program the verifier rejects is left out of the next load, and so must its
 * slots be, for the maps to be created and compared at all. Only the relocations of section `.maps`
 * that point at those programs are dropped (the table shrinks in place); code is untouched.
 */
import { ElfFile, SHT_REL, STT_FUNC } from './elf.js';

export interface SlotPatch {
  object: Buffer;
  /** How many slot initializers were dropped. */
  dropped: number;
}

export function withoutSlotsOf(object: Buffer, programs: readonly string[]): SlotPatch {
  const elf = new ElfFile(object);
  const maps = elf.section('.maps');
  if (!maps || programs.length === 0) return { object, dropped: 0 };
  const out = Buffer.from(object);
  let dropped = 0;
  const shoff = Number(elf.u64(0x28));
  const shentsize = elf.u16(0x3a);
  for (const rel of elf.sections) {
    if (rel.type !== SHT_REL || rel.info !== maps.index) continue;
    const ent = rel.entsize || 16;
    const kept: Buffer[] = [];
    for (let o = rel.offset; o + ent <= rel.offset + rel.size; o += ent) {
      const sym = elf.symbols[Number(elf.u64(o + 8) >> 32n)];
      if (sym && sym.type === STT_FUNC && programs.includes(sym.name)) dropped++;
      else kept.push(object.subarray(o, o + ent));
    }
    Buffer.concat(kept).copy(out, rel.offset);
    const size = BigInt(kept.length * ent);
    const at = shoff + rel.index * shentsize + 32;
    if (elf.little) out.writeBigUInt64LE(size, at); else out.writeBigUInt64BE(size, at);
  }
  return { object: out, dropped };
}
