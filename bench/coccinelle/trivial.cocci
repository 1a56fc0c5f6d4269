// bpf-migrate benchmark (issue 14): a trivial semantic patch, renaming the type of every
// initialized `struct bpf_elf_map` declaration, so that spatch's figure is its cost of parsing
// and matching the tree, not of a Python rewrite.
//
//   spatch --sp-file trivial.cocci --macro-file-builtins bpf-macros.h -j N --dir TREE

@@
identifier m;
initializer I;
@@
- struct bpf_elf_map m = I;
+ struct bpf_elf_map_btf m = I;
