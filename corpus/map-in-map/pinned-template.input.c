/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rule sets: the default rule set is pinned (the control plane edits it in
 * place) and doubles as the inner template of the rule-set array.
 */
#include "bpf_api.h"

#define RULESET_ID	5
#define MAX_RULESETS	8

struct rule_key {
	__u32	prefixlen;
	__be32	addr;
};

struct bpf_elf_map __section_maps ruleset_default = {
	.type		= BPF_MAP_TYPE_LPM_TRIE,
	.size_key	= sizeof(struct rule_key),
	.size_value	= sizeof(__u32),
	.max_elem	= 512,
	.flags		= BPF_F_NO_PREALLOC,
	.pinning	= PIN_GLOBAL_NS,
	.id		= RULESET_ID,
};

struct bpf_elf_map __section_maps rulesets = {
	.type		= BPF_MAP_TYPE_ARRAY_OF_MAPS,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= MAX_RULESETS,
	.inner_id	= RULESET_ID,
};

__section_cls_entry
int match_rules(struct __sk_buff *skb)
{
	struct rule_key key = { .prefixlen = 32 };
	__u32 set = skb->mark % MAX_RULESETS, *verdict;
	void *rules;

	if (skb_load_bytes(skb, 14 + 16, &key.addr, sizeof(key.addr)) < 0)
		return TC_ACT_OK;

	rules = map_lookup_elem(&rulesets, &set);
	if (!rules)
		return TC_ACT_OK;
	verdict = map_lookup_elem(rules, &key);
	return verdict ? *verdict : TC_ACT_OK;
}

BPF_LICENSE("GPL");
