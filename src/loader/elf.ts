/**
 * A minimal ELF64 reader for BPF relocatable objects: section headers, symbol table, string tables,
 * and the struct layout of variables from the `.BTF` section. Enough to read the legacy `maps`
 * section and the `"ID/KEY"` program sections without loading anything.
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

export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHF_EXECINSTR = 0x4n;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;

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
}

/** One member of a BTF struct: name and byte offset (bitfields are not expected in map definitions). */
export interface BtfMember {
  name: string;
  offset: number;
  size: number;
}

const BTF_KIND = {
  INT: 1, PTR: 2, ARRAY: 3, STRUCT: 4, UNION: 5, ENUM: 6, FWD: 7, TYPEDEF: 8, VOLATILE: 9, CONST: 10,
  RESTRICT: 11, FUNC: 12, FUNC_PROTO: 13, VAR: 14, DATASEC: 15, FLOAT: 16, DECL_TAG: 17, TYPE_TAG: 18, ENUM64: 19,
} as const;

interface BtfType {
  kind: number;
  name: string;
  kindFlag: boolean;
  vlen: number;
  sizeOrType: number;
  /** STRUCT/UNION members (name, type id, bit offset); DATASEC vars (type id, offset, size). */
  members: { name: string; type: number; offset: number; size?: number }[];
  arrayElem?: { type: number; nelems: number };
}

/**
 * For each variable in the BTF DATASEC named `secName`, the members of its struct type.
 * Returns an empty map when the object has no usable BTF (then callers fall back to symbol sizes).
 */
export function btfStructLayouts(elf: ElfFile, secName: string): Map<string, BtfMember[]> {
  const out = new Map<string, BtfMember[]>();
  const sec = elf.section('.BTF');
  if (!sec) return out;
  try {
    const d = elf.sectionData(sec);
    const rd32 = (o: number) => (elf.little ? d.readUInt32LE(o) : d.readUInt32BE(o));
    const magic = elf.little ? d.readUInt16LE(0) : d.readUInt16BE(0);
    if (magic !== 0xeb9f) return out;
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
    const resolve = (id: number): BtfType | undefined => {
      for (let n = 0; n < 32; n++) {
        const t = types[id];
        if (!t) return undefined;
        if (t.kind === BTF_KIND.TYPEDEF || t.kind === BTF_KIND.VOLATILE || t.kind === BTF_KIND.CONST ||
            t.kind === BTF_KIND.RESTRICT || t.kind === BTF_KIND.TYPE_TAG || t.kind === BTF_KIND.VAR) {
          id = t.sizeOrType;
          continue;
        }
        return t;
      }
      return undefined;
    };
    const sizeOf = (id: number): number => {
      const t = resolve(id);
      if (!t) return 0;
      if (t.kind === BTF_KIND.ARRAY && t.arrayElem) return sizeOf(t.arrayElem.type) * t.arrayElem.nelems;
      if (t.kind === BTF_KIND.PTR) return 8;
      return t.sizeOrType;
    };
    for (const t of types) {
      if (!t || t.kind !== BTF_KIND.DATASEC || t.name !== secName) continue;
      for (const v of t.members) {
        const vt = types[v.type];
        if (!vt || vt.kind !== BTF_KIND.VAR) continue;
        const st = resolve(vt.sizeOrType);
        if (!st || st.kind !== BTF_KIND.STRUCT) continue;
        out.set(vt.name, st.members.map((m) => ({
          name: m.name,
          offset: (st.kindFlag ? m.offset & 0xffffff : m.offset) / 8,
          size: sizeOf(m.type),
        })));
      }
    }
  } catch {
    return new Map();
  }
  return out;
}
