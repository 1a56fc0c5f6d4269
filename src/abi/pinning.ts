/**
 * Pinning values: iproute2's `.pinning` of struct bpf_elf_map (docs/semantics.md §1.3) and
 * libbpf's `enum libbpf_pin_type` (§3.5).
 */

/** iproute2 (`include/bpf_elf.h`): any other value is a custom id that `/etc/iproute2/bpf_pinning` resolves. */
export const PIN_NONE = 0;
export const PIN_OBJECT_NS = 1;
export const PIN_GLOBAL_NS = 2;

/** libbpf (`bpf/bpf_helpers.h`): the only two values libbpf accepts in `__uint(pinning, ...)`. */
export const LIBBPF_PIN_NONE = 0;
export const LIBBPF_PIN_BY_NAME = 1;

/** The pinning macros and enumerators by name, as a legacy or migrated file spells them. */
export const PINNING_NAMES: Readonly<Record<string, number>> = Object.freeze({
  PIN_NONE, PIN_OBJECT_NS, PIN_GLOBAL_NS, LIBBPF_PIN_NONE, LIBBPF_PIN_BY_NAME,
});
