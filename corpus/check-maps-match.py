#!/usr/bin/env python3
"""For each corpus pair, compile the input and the expected output and check that every map
comes out the same: the input's legacy "maps" section (read as the struct the file uses) against
the output's BTF ".maps" definitions (type, key/value size, max_entries, map_flags, numa_node,
pinned or not). Each pair is compiled with a few -D variants so #ifdef branches are covered.

  python3 corpus/check-maps-match.py [FOLDER ...]   # default: the folders listed in MINE

Tail-call and map-in-map folders are not covered (their values/inner maps need more than this)."""
import json, os, struct, subprocess, sys, tempfile, glob
root = os.path.dirname(os.path.abspath(__file__))
inc = os.path.join(root, 'include')
tmp = tempfile.mkdtemp()
import atexit, shutil
atexit.register(shutil.rmtree, tmp, True)

def cc(src, out, extra=()):
    subprocess.run(['clang', '-O2', '-g', '-target', 'bpf', '-I', inc, *extra, '-c', src, '-o', out], check=True, capture_output=True)

def legacy(src, extra=()):
    o = os.path.join(tmp, 'in.o'); cc(src, o, extra)
    raw = os.path.join(tmp, 'maps.bin')
    subprocess.run(['llvm-objcopy', '--dump-section', f'maps={raw}', o, os.path.join(tmp, 'junk.o')], check=True, capture_output=True)
    data = open(raw, 'rb').read()
    syms = subprocess.run(['llvm-objdump', '-t', o], check=True, capture_output=True, text=True).stdout
    text = open(src, newline='').read()
    res = {}
    for line in syms.splitlines():
        parts = line.split()
        if len(parts) >= 5 and parts[-3] == 'maps' and 'd' not in parts[1:-3]:
            off = int(parts[0], 16); size = int(parts[-2], 16); name = parts[-1]
            vals = struct.unpack_from('<%dI' % (size // 4), data, off)
            if 'bpf_map_def' in text:
                names = ['type', 'key_size', 'value_size', 'max_entries', 'map_flags', 'inner_map_idx', 'numa_node']
            elif size == 24:
                names = ['type', 'key_size', 'value_size', 'max_entries', 'id', 'pinning']
            else:
                names = ['type', 'key_size', 'value_size', 'max_entries', 'map_flags', 'id', 'pinning', 'inner_id', 'inner_idx']
            d = dict(zip(names, vals))
            m = {k: d.get(k, 0) for k in ['type', 'key_size', 'value_size', 'max_entries', 'map_flags', 'numa_node']}
            m['pinning'] = 1 if d.get('pinning', 0) in (1, 2) else 0
            if m['type'] == 27:  # ringbuf
                m['key_size'] = m['value_size'] = 0
            res[name] = m
    return res

def btf(src, extra=()):
    o = os.path.join(tmp, 'out.o'); cc(src, o, extra)
    d = json.loads(subprocess.run(['bpftool', 'btf', 'dump', 'file', o, '-j'], check=True, capture_output=True, text=True).stdout)
    t = {x['id']: x for x in d['types']}
    def strip(i):
        while t[i]['kind'] in ('CONST', 'VOLATILE', 'TYPEDEF'):
            i = t[i]['type_id']
        return i
    def size(i):
        i = strip(i); x = t[i]
        if x['kind'] == 'ARRAY':
            return x['nr_elems'] * size(x['type_id'])
        return x['size']
    res = {}
    for x in d['types']:
        if x['kind'] == 'DATASEC' and x['name'] == '.maps':
            for v in x['vars']:
                var = t[v['type_id']]
                st = t[strip(var['type_id'])]
                m = {'type': 0, 'key_size': 0, 'value_size': 0, 'max_entries': 0, 'map_flags': 0, 'numa_node': 0, 'pinning': 0}
                sizes = {}
                for mem in st['members']:
                    ptr = t[mem['type_id']]
                    tgt = t[ptr['type_id']]
                    n = mem['name']
                    if n in ('key', 'value'):
                        sizes[n + '_size'] = size(ptr['type_id'])
                    else:
                        m[n] = tgt['nr_elems']
                for k, vv in sizes.items():
                    if m[k] and m[k] != vv:
                        m[k] = ('MISMATCH', m[k], vv)
                    else:
                        m[k] = vv
                res[var['name']] = m
    return res

bad = 0
MINE = tuple(sys.argv[1:]) or ('legacy-elf-map', 'legacy-map-def', 'kv-pair-annotation', 'map-pinning', 'static-map', 'btf-map-includes')
checked = 0
for inp in sorted(p for d in MINE for p in glob.glob(os.path.join(root, d, '*.input.c'))):
    out = inp.replace('.input.c', '.output.c')
    checked += 1
    for extra in [(), ('-DHAVE_LRU',), ('-DENABLE_PINNING',), ('-DPREALLOCATE_MAPS',), ('-DDEBUG',)]:
        a = legacy(inp, extra); b = btf(out, extra)
        if a != b:
            bad += 1
            print('DIFF', os.path.relpath(inp, root), extra)
            for k in sorted(set(a) | set(b)):
                if a.get(k) != b.get(k):
                    print('   ', k, a.get(k), '!=', b.get(k))
print('%d pairs checked, %d differences' % (checked, bad))
sys.exit(1 if bad else 0)
