/**
 * FFI bindings (koffi) to the system libbpf.so.1 and libc, loaded lazily so that compiling and
 * reading ELF work on machines without libbpf or koffi.
 */
import { createRequire } from 'node:module';
import { LoaderError } from './errors.js';

type Koffi = typeof import('koffi');
type Fn = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

let koffiMod: Koffi | undefined;
export function koffi(): Koffi {
  if (!koffiMod) {
    const require = createRequire(import.meta.url);
    koffiMod = require('koffi') as Koffi;
  }
  return koffiMod;
}

export interface Libc {
  mount(source: string, target: string, fstype: string, flags: number, data: null): number;
  umount2(target: string, flags: number): number;
  vsnprintf: Fn;
  close: Fn;
  getpagesize: Fn;
  errno(): number;
}

let libcMod: Libc | undefined;
export function libc(): Libc {
  if (!libcMod) {
    const k = koffi();
    const lib = k.load('libc.so.6');
    libcMod = {
      mount: lib.func('int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const void *data)'),
      umount2: lib.func('int umount2(const char *target, int flags)'),
      vsnprintf: lib.func('int vsnprintf(_Out_ uint8_t *buf, size_t n, const char *fmt, void *ap)'),
      close: lib.func('int close(int fd)'),
      getpagesize: lib.func('int getpagesize(void)'),
      errno: () => k.errno(),
    };
  }
  return libcMod;
}

export interface Libbpf {
  setPrint: Fn;
  printProto: ReturnType<Koffi['proto']>;
  openFile: Fn;
  load: Fn;
  close: Fn;
  nextProgram: Fn;
  progName: Fn;
  progSection: Fn;
  progType: Fn;
  progSetType: Fn;
  progSetAutoload: Fn;
  progFd: Fn;
  nextMap: Fn;
  mapName: Fn;
  mapFd: Fn;
  mapIsInternal: Fn;
  mapIsPinned: Fn;
  mapPinPath: Fn;
  mapBtfKeyTypeId: Fn;
  mapBtfValueTypeId: Fn;
  objGetInfoByFd: Fn;
  mapLookupElem: Fn;
  mapGetNextKey: Fn;
  mapUpdateElem: Fn;
  mapCreate: Fn;
  objPin: Fn;
  objGet: Fn;
  progTypeByName: Fn;
  numPossibleCpus: Fn;
  versionString: Fn;
  closeFd: Fn;
}

let libbpfMod: Libbpf | undefined;

/** Bind libbpf.so.1. Throws LoaderError LibbpfNotFound when it (or koffi) cannot be loaded. */
export function libbpf(): Libbpf {
  if (libbpfMod) return libbpfMod;
  let k: Koffi;
  let lib: ReturnType<Koffi['load']>;
  try {
    k = koffi();
    lib = k.load(process.env.BPF_MIGRATE_LIBBPF ?? 'libbpf.so.1');
  } catch (e) {
    throw new LoaderError('LibbpfNotFound', (e as Error).message);
  }
  // struct bpf_object_open_opts of libbpf 1.x (sz first; later fields zero when sz is smaller).
  k.struct('bpf_object_open_opts', {
    sz: 'size_t',
    object_name: 'const char *',
    relaxed_maps: 'bool',
    pin_root_path: 'const char *',
    _attach_prog_fd: 'uint32_t',
    kconfig: 'const char *',
    btf_custom_path: 'const char *',
    kernel_log_buf: 'void *',
    kernel_log_size: 'size_t',
    kernel_log_level: 'uint32_t',
  });
  const printProto = k.proto('int libbpf_print_fn_t(int level, const char *fmt, void *ap)');
  const c = libc();
  libbpfMod = {
    printProto,
    setPrint: lib.func('void *libbpf_set_print(void *fn)'),
    openFile: lib.func('void *bpf_object__open_file(const char *path, const bpf_object_open_opts *opts)'),
    load: lib.func('int bpf_object__load(void *obj)'),
    close: lib.func('void bpf_object__close(void *obj)'),
    nextProgram: lib.func('void *bpf_object__next_program(void *obj, void *prog)'),
    progName: lib.func('const char *bpf_program__name(void *prog)'),
    progSection: lib.func('const char *bpf_program__section_name(void *prog)'),
    progType: lib.func('int bpf_program__type(void *prog)'),
    progSetType: lib.func('int bpf_program__set_type(void *prog, int type)'),
    progSetAutoload: lib.func('int bpf_program__set_autoload(void *prog, bool autoload)'),
    progFd: lib.func('int bpf_program__fd(void *prog)'),
    nextMap: lib.func('void *bpf_object__next_map(void *obj, void *map)'),
    mapName: lib.func('const char *bpf_map__name(void *map)'),
    mapFd: lib.func('int bpf_map__fd(void *map)'),
    mapIsInternal: lib.func('bool bpf_map__is_internal(void *map)'),
    mapIsPinned: lib.func('bool bpf_map__is_pinned(void *map)'),
    mapPinPath: lib.func('const char *bpf_map__pin_path(void *map)'),
    // The BTF type ids libbpf read from the map's definition (0 for __uint(key_size, ...)); libbpf zeroes
    // them when it creates the map without BTF, so they are read after open, before load.
    mapBtfKeyTypeId: lib.func('uint32_t bpf_map__btf_key_type_id(void *map)'),
    mapBtfValueTypeId: lib.func('uint32_t bpf_map__btf_value_type_id(void *map)'),
    objGetInfoByFd: lib.func('int bpf_obj_get_info_by_fd(int fd, _Inout_ uint8_t *info, _Inout_ uint32_t *len)'),
    mapLookupElem: lib.func('int bpf_map_lookup_elem(int fd, const uint8_t *key, _Out_ uint8_t *value)'),
    mapGetNextKey: lib.func('int bpf_map_get_next_key(int fd, const uint8_t *key, _Out_ uint8_t *next)'),
    mapUpdateElem: lib.func('int bpf_map_update_elem(int fd, const uint8_t *key, const uint8_t *value, uint64_t flags)'),
    mapCreate: lib.func('int bpf_map_create(int type, const char *name, uint32_t key_size, uint32_t value_size, uint32_t max_entries, void *opts)'),
    objPin: lib.func('int bpf_obj_pin(int fd, const char *path)'),
    objGet: lib.func('int bpf_obj_get(const char *path)'),
    progTypeByName: lib.func('int libbpf_prog_type_by_name(const char *name, _Out_ int *prog_type, _Out_ int *attach_type)'),
    numPossibleCpus: lib.func('int libbpf_num_possible_cpus(void)'),
    versionString: lib.func('const char *libbpf_version_string(void)'),
    closeFd: c.close,
  };
  return libbpfMod;
}

/** Run `fn` with libbpf's log routed into `sink` (level, formatted line); the previous printer is restored. */
export function withLibbpfLog<T>(sink: (level: number, text: string) => void, fn: () => T): T {
  const b = libbpf();
  const k = koffi();
  const c = libc();
  const buf = Buffer.alloc(1 << 16);
  const cb = k.register((level: number, fmt: string, ap: unknown) => {
    const n = c.vsnprintf(buf, buf.length, fmt, ap) as number;
    sink(level, buf.toString('utf8', 0, Math.max(0, Math.min(n, buf.length - 1))));
    return 0;
  }, k.pointer(b.printProto as ReturnType<Koffi['proto']>));
  const prev = b.setPrint(cb);
  try {
    return fn();
  } finally {
    b.setPrint(prev);
    k.unregister(cb);
  }
}
