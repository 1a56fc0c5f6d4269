/** Rewrites iproute2 `struct bpf_elf_map` declarations in section "maps" as BTF-defined maps. */
import { legacyMapRule } from '../shared/map-read.js';

export default legacyMapRule('elf', {
  id: 'legacy-elf-map',
  description: 'Rewrite `struct bpf_elf_map` declarations in section "maps" as BTF-defined maps.',
  legacyMessage: "Map '{{name}}' uses the legacy iproute2 `struct bpf_elf_map` format, which libbpf 1.0 and tc refuse.",
});
