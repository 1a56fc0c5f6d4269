/* SPDX-License-Identifier: MIT */
/* bpf-migrate test corpus: debug tracing, only included under #ifdef DEBUG. */
#ifndef __CORPUS_TRACE_HELPERS_H
#define __CORPUS_TRACE_HELPERS_H

#include "bpf_api.h"

#define DBG(fmt, ...) printt(fmt, ##__VA_ARGS__)

#endif /* __CORPUS_TRACE_HELPERS_H */
