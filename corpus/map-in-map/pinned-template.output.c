/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rule sets: the default rule set is pinned (the control plane edits it in
 * place) and doubles as the inner template of the rule-set array.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

#define RULESET_ID	5
#define MAX_RULESETS	8

struct rule_key {
	__u32	prefixlen;
	__be32	addr;
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__type(key, struct rule_key);
	__type(value, __u32);
	__uint(max_entries, 512);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} ruleset_default __section(".maps");

struct ruleset_default_def {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(key_size, sizeof(struct rule_key));
	__uint(value_size, sizeof(__u32));
	__uint(max_entries, 512);
	__uint(map_flags, BPF_F_NO_PREALLOC);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, MAX_RULESETS);
	__array(values, struct ruleset_default_def);
} rulesets __section(".maps") = {
	.values = {
		[0] = (void *)&ruleset_default,
	},
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
