/**
 * A minimal ELF64 reader for BPF relocatable objects: section headers, symbol table, string tables,
 * relocations, and the types of the `.BTF` section. Enough to read the legacy `maps` section, the
 * `"ID/KEY"` program sections and BTF map definitions (`.maps`) without loading anything.
 */

export interface ElfSection {
  index: number;
  name: string;
  type: number;
  flags: bigint;
  offset: number;
  size: number;
  link: number;
  info: number;
  entsize: number;
}

export interface ElfSymbol {
  name: string;
  /** STT_* */
  type: number;
  /** STB_* */
  bind: number;
  shndx: number;
  value: number;
  size: number;
}

export const SHT_SYMTAB = 2;
export const SHT_REL = 9;
export const SHF_EXECINSTR = 0x4n;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STB_LOCAL = 0;

export class ElfError extends Error {}

export class ElfFile {
  readonly buf: Buffer;
  readonly little: boolean;
  readonly sections: ElfSection[] = [];
  readonly symbols: ElfSymbol[] = [];

  constructor(buf: Buffer) {
    this.buf = buf;
    if (buf.length < 64 || buf.readUInt32BE(0) !== 0x7f454c46) throw new ElfError('not an ELF file');
    if (buf[4] !== 2) throw new ElfError('not a 64-bit ELF file');
    this.little = buf[5] === 1;
    const shoff = Number(this.u64(0x28));
    const shentsize = this.u16(0x3a);
    const shnum = this.u16(0x3c);
    const shstrndx = this.u16(0x3e);
    if (shoff + shnum * shentsize > buf.length) throw new ElfError('truncated section header table');
    const raw: Omit<ElfSection, 'name'>[] & { nameOff?: number }[] = [];
    const nameOffs: number[] = [];
    for (let i = 0; i < shnum; i++) {
      const o = shoff + i * shentsize;
      nameOffs.push(this.u32(o));
      raw.push({
        index: i,
        type: this.u32(o + 4),
        flags: this.u64(o + 8),
        offset: Number(this.u64(o + 24)),
        size: Number(this.u64(o + 32)),
        link: this.u32(o + 40),
        info: this.u32(o + 44),
        entsize: Number(this.u64(o + 56)),
      });
    }
    const shstr = raw[shstrndx];
    for (let i = 0; i < raw.length; i++) {
      const name = shstr ? this.cstr(shstr.offset + nameOffs[i]) : '';
      this.sections.push({ ...raw[i], name });
    }
    const symtab = this.sections.find((s) => s.type === SHT_SYMTAB);
    if (symtab) {
      const strtab = this.sections[symtab.link];
      const ent = symtab.entsize || 24;
      for (let o = symtab.offset; o + ent <= symtab.offset + symtab.size; o += ent) {
        const info = this.buf[o + 4];
        this.symbols.push({
          name: strtab ? this.cstr(strtab.offset + this.u32(o)) : '',
          type: info & 0xf,
          bind: info >> 4,
          shndx: this.u16(o + 6),
          value: Number(this.u64(o + 8)),
          size: Number(this.u64(o + 16)),
        });
      }
    }
  }

  u16(o: number): number {
    return this.little ? this.buf.readUInt16LE(o) : this.buf.readUInt16BE(o);
  }
  u32(o: number): number {
    return this.little ? this.buf.readUInt32LE(o) : this.buf.readUInt32BE(o);
  }
  u64(o: number): bigint {
    return this.little ? this.buf.readBigUInt64LE(o) : this.buf.readBigUInt64BE(o);
  }
  cstr(o: number): string {
    let e = o;
    while (e < this.buf.length && this.buf[e] !== 0) e++;
    return this.buf.toString('latin1', o, e);
  }

  section(name: string): ElfSection | undefined {
    return this.sections.find((s) => s.name === name);
  }

  sectionData(s: ElfSection): Buffer {
    return this.buf.subarray(s.offset, s.offset + s.size);
  }

  symbolsIn(s: ElfSection): ElfSymbol[] {
    return this.symbols.filter((sym) => sym.shndx === s.index).sort((a, b) => a.value - b.value);
  }

  /** The REL relocations that apply to section `s` (BPF objects use REL, no addends): offset in `s`, target symbol. */
  relocationsFor(s: ElfSection): { offset: number; symbol: ElfSymbol | undefined }[] {
    const out: { offset: number; symbol: ElfSymbol | undefined }[] = [];
    for (const rel of this.sections) {
      if (rel.type !== SHT_REL || rel.info !== s.index) continue;
      const ent = rel.entsize || 16;
      for (let o = rel.offset; o + ent <= rel.offset + rel.size && o + 16 <= this.buf.length; o += ent) {
        const info = this.u64(o + 8);
        out.push({ offset: Number(this.u64(o)), symbol: this.symbols[Number(info >> 32n)] });
      }
    }
    return out.sort((a, b) => a.offset - b.offset);
  }
}

/** One member of a BTF struct: name and byte offset (bitfields are not expected in map definitions). */
export interface BtfMember {
  name: string;
  offset: number;
  size: number;
}

export const BTF_KIND = {
  INT: 1, PTR: 2, ARRAY: 3, STRUCT: 4, UNION: 5, ENUM: 6, FWD: 7, TYPEDEF: 8, VOLATILE: 9, CONST: 10,
  RESTRICT: 11, FUNC: 12, FUNC_PROTO: 13, VAR: 14, DATASEC: 15, FLOAT: 16, DECL_TAG: 17, TYPE_TAG: 18, ENUM64: 19,
} as const;

export interface BtfType {
  kind: number;
  name: string;
  kindFlag: boolean;
  vlen: number;
  sizeOrType: number;
  /** STRUCT/UNION members (name, type id, bit offset); DATASEC vars (type id, offset, size). */
  members: { name: string; type: number; offset: number; size?: number }[];
  arrayElem?: { type: number; nelems: number };
}

/** The type section of an object's `.BTF`: types by id (id 0 is void), with the lookups the loader needs. */
export class BtfTypes {
  constructor(readonly types: (BtfType | undefined)[]) {}

  get(id: number): BtfType | undefined {
    return this.types[id];
  }

  /** Skip typedefs, qualifiers, type tags (and a VAR's indirection) to the type underneath. */
  resolve(id: number): BtfType | undefined {
    return this.types[this.resolveId(id)];
  }

  resolveId(id: number): number {
    for (let n = 0; n < 32; n++) {
      const t = this.types[id];
      if (!t) return id;
      if (t.kind === BTF_KIND.TYPEDEF || t.kind === BTF_KIND.VOLATILE || t.kind === BTF_KIND.CONST ||
          t.kind === BTF_KIND.RESTRICT || t.kind === BTF_KIND.TYPE_TAG || t.kind === BTF_KIND.VAR) {
        id = t.sizeOrType;
        continue;
      }
      return id;
    }
    return 0;
  }

  /** Byte size of a type (libbpf's btf__resolve_size); undefined for void, functions, forward declarations. */
  sizeOf(id: number, depth = 0): number | undefined {
    const t = this.resolve(id);
    if (!t || depth > 32) return undefined;
    switch (t.kind) {
      case BTF_KIND.ARRAY: {
        const e = t.arrayElem && this.sizeOf(t.arrayElem.type, depth + 1);
        return e === undefined ? undefined : e * t.arrayElem!.nelems;
      }
      case BTF_KIND.PTR: return 8;
      case BTF_KIND.INT: case BTF_KIND.STRUCT: case BTF_KIND.UNION: case BTF_KIND.ENUM: case BTF_KIND.ENUM64:
      case BTF_KIND.FLOAT: case BTF_KIND.DATASEC:
        return t.sizeOrType;
      default: return undefined;
    }
  }

  /** The DATASEC named `name` (e.g. `.maps`), if the object has one. */
  datasec(name: string): BtfType | undefined {
    return this.types.find((t) => t?.kind === BTF_KIND.DATASEC && t.name === name);
  }
}

/** Parse the `.BTF` section's types. Undefined when the object has none or it cannot be read. */
export function readBtf(elf: ElfFile): BtfTypes | undefined {
  const sec = elf.section('.BTF');
  if (!sec) return undefined;
  try {
    const d = elf.sectionData(sec);
    const rd32 = (o: number) => (elf.little ? d.readUInt32LE(o) : d.readUInt32BE(o));
    const magic = elf.little ? d.readUInt16LE(0) : d.readUInt16BE(0);
    if (magic !== 0xeb9f) return undefined;
    const hdrLen = rd32(4);
    const typeOff = hdrLen + rd32(8);
    const typeLen = rd32(12);
    const strOff = hdrLen + rd32(16);
    const str = (o: number) => {
      let e = strOff + o;
      while (e < d.length && d[e] !== 0) e++;
      return d.toString('latin1', strOff + o, e);
    };
    const types: (BtfType | undefined)[] = [undefined];
    let p = typeOff;
    while (p < typeOff + typeLen) {
      const nameOff = rd32(p);
      const info = rd32(p + 4);
      const sizeOrType = rd32(p + 8);
      const vlen = info & 0xffff;
      const kind = (info >>> 24) & 0x1f;
      const kindFlag = (info >>> 31) === 1;
      p += 12;
      const t: BtfType = { kind, name: str(nameOff), kindFlag, vlen, sizeOrType, members: [] };
      switch (kind) {
        case BTF_KIND.INT: case BTF_KIND.VAR: case BTF_KIND.DECL_TAG: p += 4; break;
        case BTF_KIND.ARRAY: t.arrayElem = { type: rd32(p), nelems: rd32(p + 8) }; p += 12; break;
        case BTF_KIND.STRUCT: case BTF_KIND.UNION:
          for (let i = 0; i < vlen; i++, p += 12) t.members.push({ name: str(rd32(p)), type: rd32(p + 4), offset: rd32(p + 8) });
          break;
        case BTF_KIND.ENUM: p += vlen * 8; break;
        case BTF_KIND.ENUM64: p += vlen * 12; break;
        case BTF_KIND.FUNC_PROTO: p += vlen * 8; break;
        case BTF_KIND.DATASEC:
          for (let i = 0; i < vlen; i++, p += 12) t.members.push({ name: '', type: rd32(p), offset: rd32(p + 4), size: rd32(p + 8) });
          break;
        default: break;
      }
      types.push(t);
    }
    return new BtfTypes(types);
  } catch {
    return undefined;
  }
}

/** Byte offset of a struct member (bit offset; with kind_flag the low 24 bits). */
export function memberByteOffset(st: BtfType, m: BtfType['members'][number]): number {
  return (st.kindFlag ? m.offset & 0xffffff : m.offset) / 8;
}

/**
 * For each variable in the BTF DATASEC named `secName`, the members of its struct type.
 * Returns an empty map when the object has no usable BTF (then callers fall back to symbol sizes).
 */
export function btfStructLayouts(elf: ElfFile, secName: string): Map<string, BtfMember[]> {
  const out = new Map<string, BtfMember[]>();
  const btf = readBtf(elf);
  const sec = btf?.datasec(secName);
  if (!btf || !sec) return out;
  for (const v of sec.members) {
    const vt = btf.get(v.type);
    if (!vt || vt.kind !== BTF_KIND.VAR) continue;
    const st = btf.resolve(vt.sizeOrType);
    if (!st || st.kind !== BTF_KIND.STRUCT) continue;
    out.set(vt.name, st.members.map((m) => ({ name: m.name, offset: memberByteOffset(st, m), size: btf.sizeOf(m.type) ?? 0 })));
  }
  return out;
}
