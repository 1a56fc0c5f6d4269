/* SPDX-License-Identifier: MIT */
/*
 * bpf-migrate test corpus: a small header in the style of the bpf_api.h that
 * iproute2 ships for tc programs, NEW flavour (iproute2 since late 2020): on
 * top of everything the old flavour has, it defines __uint, __type, __array
 * and enum libbpf_pin_type itself, without guards, exactly like
 * <bpf/bpf_helpers.h> does. Files that include it need nothing else for
 * BTF-defined maps, and must NOT include <bpf/bpf_helpers.h> as well.
 *
 * Written for the corpus; only the facts follow iproute2 and libbpf.
 */
#ifndef __CORPUS_BPF_API_BTF_H
#define __CORPUS_BPF_API_BTF_H

/* Everything the old flavour has, plus the BTF-map definitions below. */
#include "bpf_api.h"

/* ---- BTF-defined maps (section ".maps"), same spelling as libbpf ---- */

#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]

enum libbpf_pin_type {
	LIBBPF_PIN_NONE,
	/* pinned at <pin root>/NAME */
	LIBBPF_PIN_BY_NAME,
};

#endif /* __CORPUS_BPF_API_BTF_H */
