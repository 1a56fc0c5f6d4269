#include <node_config.h>
#include "lib/common.h"
#include "lib/maps.h"

__section("from-sock")
int sock_prog(struct __sk_buff *ctx)
{
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
