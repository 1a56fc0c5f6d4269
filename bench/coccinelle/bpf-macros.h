/* Macro hints for spatch (--macro-file-builtins): let it parse iproute2-style map declarations. */
#define __section(NAME)
#define __section_maps
#define __map_decl
#define __section_tail(ID, KEY)
#define __section_cls_entry
#define __inline inline
#define BPF_LICENSE(NAME) char ____license[] = NAME
