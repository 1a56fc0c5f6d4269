/* bpf-migrate-expect: engine/macroMapNotMigrated error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A map declared with a macro, pinned by a custom pinning id that iproute2
 * resolves through /etc/iproute2/bpf_pinning: written out, it still cannot be
 * migrated, so the macro call stays as it is.
 */
#include "../include/bpf_api.h"

#define PIN_TEAM_SHARED	5

BPF_ARRAY4(team_cfg, 0, PIN_TEAM_SHARED, 1);

__section_cls_entry
int cls_team(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__u32 *cfg = map_lookup_elem(&team_cfg, &zero);

	return cfg && *cfg ? TC_ACT_SHOT : TC_ACT_OK;
}

BPF_LICENSE("GPL");
