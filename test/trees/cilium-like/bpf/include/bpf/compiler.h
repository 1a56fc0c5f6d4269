/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __BPF_COMPILER_H_
#define __BPF_COMPILER_H_

#define __stringify_1(X)	#X
#define __stringify(X)		__stringify_1(X)

#ifndef __always_inline
# define __always_inline	inline __attribute__((always_inline))
#endif

#endif /* __BPF_COMPILER_H_ */
