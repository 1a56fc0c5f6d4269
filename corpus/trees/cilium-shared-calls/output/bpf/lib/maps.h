#ifndef __LIB_MAPS_H_
#define __LIB_MAPS_H_

#include "common.h"
#ifndef __uint
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]
enum libbpf_pin_type { LIBBPF_PIN_NONE, LIBBPF_PIN_BY_NAME };
#endif

#ifndef SKIP_CALLS_MAP
/* Private per EP map for internal tail calls */
struct CALLS_MAP_def {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__uint(max_entries, CILIUM_CALL_SIZE);
	__array(values, int (void *));
} CALLS_MAP __section(".maps");
#endif /* SKIP_CALLS_MAP */

/* Global map to jump into policy enforcement of receiving endpoint */
struct POLICY_CALL_MAP_def {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__uint(max_entries, POLICY_PROG_MAP_SIZE);
	__array(values, int (void *));
} POLICY_CALL_MAP __section(".maps");

#endif /* __LIB_MAPS_H_ */
