/* Corpus shim for the bpf target, see asm/types.h. */
#include <asm-generic/posix_types.h>
