#ifndef __LIB_CALLS_H_
#define __LIB_CALLS_H_

#include <bpf_api.h>
#ifndef __uint
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]
enum libbpf_pin_type { LIBBPF_PIN_NONE, LIBBPF_PIN_BY_NAME };
#endif

#define CALLS_ID	2

/* Filled by every object that includes this header: ingress.c and egress.c. */
struct calls_def {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__uint(max_entries, 8);
	__array(values, int (void *));
} calls __section(".maps");

#endif /* __LIB_CALLS_H_ */
