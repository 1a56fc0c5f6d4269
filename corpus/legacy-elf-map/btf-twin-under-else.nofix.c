/* bpf-migrate-expect: legacy-elf-map/btfTwin error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Half-migrated already: the BTF form of the map lives under #ifdef
 * USE_BTF_MAPS and the legacy form under #else. Rewriting the legacy one
 * would declare the map twice.
 */
#include "bpf_api.h"
#ifdef USE_BTF_MAPS
#include <bpf/bpf_helpers.h>
#endif

#ifdef USE_BTF_MAPS
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1024);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} mark_bytes __section(".maps");
#else
struct bpf_elf_map __section_maps mark_bytes = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 1024,
	.pinning	= PIN_GLOBAL_NS,
};
#endif

__section_cls_entry
int cls_mark_bytes(struct __sk_buff *skb)
{
	__u32 mark = skb->mark;
	__u64 len = skb->len, *bytes;

	bytes = map_lookup_elem(&mark_bytes, &mark);
	if (bytes)
		__sync_fetch_and_add(bytes, len);
	else
		map_update_elem(&mark_bytes, &mark, &len, BPF_NOEXIST);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
