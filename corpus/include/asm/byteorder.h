/* Corpus shim for the bpf target (bpfel, as clang -target bpf picks on
 * x86-64 and arm64 hosts), see asm/types.h. */
#include <linux/byteorder/little_endian.h>
