/** Rewrites libbpf's legacy `struct bpf_map_def SEC("maps")` declarations as BTF-defined maps. */
import { legacyMapRule } from '../shared/map-read.js';

export default legacyMapRule('mapdef', {
  id: 'legacy-map-def',
  description: 'Rewrite libbpf-legacy `struct bpf_map_def` declarations in section "maps" as BTF-defined maps.',
  legacyMessage: "Map '{{name}}' uses the legacy `struct bpf_map_def` format, which libbpf 1.0 refuses.",
});
