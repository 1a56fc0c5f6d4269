/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __BPF_SECTION_H_
#define __BPF_SECTION_H_

#include <bpf/compiler.h>

#ifndef __section
# define __section(NAME)	__attribute__((section(NAME), used))
#endif

#ifndef __section_tail
# define __section_tail(ID, KEY)	__section(__stringify(ID) "/" __stringify(KEY))
#endif

#ifndef __section_maps
# define __section_maps		__section("maps")
#endif

#ifndef BPF_LICENSE
# define BPF_LICENSE(NAME)	char ____license[] __section("license") = NAME
#endif

#endif /* __BPF_SECTION_H_ */
