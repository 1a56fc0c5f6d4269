// bpf-migrate benchmark: the plain `struct bpf_elf_map` -> BTF-defined map rewrite, as a
// semantic patch, to compare run time with bpf-migrate on the same tree.
//
//   spatch --sp-file elf-map-to-btf.cocci --macro-file-builtins bpf-macros.h -j N --dir TREE
//
// Handles designated and positional initializers of a map declared with
// __section("maps") / __section_maps (made parseable by bpf-macros.h): .type,
// .size_key/.size_value (sizeof(T) becomes __type, anything else __uint(*_size)),
// .max_elem, .flags (dropped when 0), .pinning (PIN_GLOBAL_NS/PIN_OBJECT_NS become
// LIBBPF_PIN_BY_NAME, PIN_NONE is dropped). The section becomes SEC(".maps").
// Not handled (bpf-migrate does these): BPF_ANNOTATE_KV_PAIR, tail-call prog arrays,
// map-in-map, keeping the spelling of the section macro, comments between fields,
// includes. SmPL cannot write the __uint(...) members as plus code (they do not parse as
// C fields), so a Python rule builds the new declaration and hands it back as an identifier.

@r@
identifier m;
initializer list IL;
@@
struct bpf_elf_map m = {IL};

@script:python s@
m << r.m;
IL << r.IL;
body;
@@
import re

def split_top(text):
    parts, depth, cur = [], 0, ''
    for ch in text:
        if ch in '([{':
            depth += 1
        elif ch in ')]}':
            depth -= 1
        if ch == ',' and depth == 0:
            parts.append(cur.strip())
            cur = ''
        else:
            cur += ch
    if cur.strip():
        parts.append(cur.strip())
    return parts

POSITIONAL = ['type', 'size_key', 'size_value', 'max_elem', 'flags', 'id', 'pinning', 'inner_id', 'inner_idx']
NO_BTF_TYPES = ('PROG_ARRAY', 'PERF_EVENT_ARRAY', 'CGROUP_ARRAY', 'STACK_TRACE', 'OF_MAPS', 'DEVMAP',
                'CPUMAP', 'XSKMAP', 'SOCKMAP', 'SOCKHASH', 'QUEUE', 'STACK', 'RINGBUF')

fields = {}
order = []
elements = [str(e).strip() for e in IL.elements] if hasattr(IL, 'elements') else split_top(str(IL))
for i, part in enumerate(elements):
    mm = re.match(r'^\.\s*(\w+)\s*=\s*(.*)$', part, re.S)
    name, value = (mm.group(1), mm.group(2).strip()) if mm else (POSITIONAL[i] if i < len(POSITIONAL) else None, part)
    if name is None:
        continue
    fields[name] = value
    order.append(name)

maptype = fields.get('type', '')
typed = not any(t in maptype for t in NO_BTF_TYPES)
members = []
for name in order:
    v = fields[name]
    if name == 'type':
        members.append('__uint(type, %s);' % v)
    elif name in ('size_key', 'size_value'):
        kind = 'key' if name == 'size_key' else 'value'
        sz = re.match(r'^sizeof\s*\(\s*(.*)\s*\)$', v, re.S)
        if sz and typed:
            members.append('__type(%s, %s);' % (kind, sz.group(1).strip()))
        else:
            members.append('__uint(%s_size, %s);' % (kind, v))
    elif name == 'max_elem':
        members.append('__uint(max_entries, %s);' % v)
    elif name == 'flags':
        if v not in ('0', '0U'):
            members.append('__uint(map_flags, %s);' % v)
    elif name == 'pinning':
        if v in ('PIN_GLOBAL_NS', 'PIN_OBJECT_NS', '1', '2'):
            members.append('__uint(pinning, LIBBPF_PIN_BY_NAME);')
    # .id, .inner_id, .inner_idx: no BTF counterpart here.

coccinelle.body = cocci.make_ident('{\n' + ''.join('\t%s\n' % x for x in members) + '} %s SEC(".maps")' % m)

@@
identifier r.m;
initializer list r.IL;
identifier s.body;
@@
- struct bpf_elf_map m = {IL};
+ struct body;
