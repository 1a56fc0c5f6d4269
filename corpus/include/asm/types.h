/* Corpus shim: <linux/types.h> wants <asm/types.h>, which clang's bpf target
 * does not find on its own (it lives under the host's multiarch directory).
 * The generic definitions are the right ones for BPF. */
#include <asm-generic/types.h>
