#!/usr/bin/env bash
# Compiles every corpus/**/*.c (inputs, expected outputs, nofix cases; not the
# fuzz-found/ reproducers, which are mutated on purpose) for the
# bpf target and reports the failures. For each expected output it also checks
# the object: a ".maps" section and no legacy "maps" section.
#
#   corpus/check-compiles.sh            # from anywhere
#   CLANG=clang-14 corpus/check-compiles.sh
#
# Exit status: 0 when everything compiles and every output object has the
# right sections, 1 otherwise.
set -u

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CLANG="${CLANG:-clang}"
OBJDUMP="${OBJDUMP:-llvm-objdump}"
command -v "$OBJDUMP" >/dev/null 2>&1 || OBJDUMP=llvm-objdump-14

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

total=0
failed=0
warned=0
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$1"; [ -n "${2:-}" ] && sed 's/^/    /' "$2"; }

while IFS= read -r -d '' src; do
	rel="${src#"$here"/}"
	total=$((total + 1))
	obj="$tmp/obj.o"
	log="$tmp/log"
	if ! "$CLANG" -O2 -g -target bpf -I "$here/include" -c "$src" -o "$obj" >"$log" 2>&1; then
		fail "$rel" "$log"
		continue
	fi
	if [ -s "$log" ]; then
		warned=$((warned + 1))
		printf 'WARN %s\n' "$rel"
		sed 's/^/    /' "$log"
	fi
	case "$rel" in
	*.output.c)
		sections="$("$OBJDUMP" -h "$obj" | awk 'NR > 5 { print $2 }')"
		if ! grep -qx '\.maps' <<<"$sections"; then
			fail "$rel: output object has no .maps section"
		elif grep -qx 'maps' <<<"$sections"; then
			fail "$rel: output object still has a legacy maps section"
		fi
		;;
	*.nofix.c)
		if ! head -n 1 "$src" | grep -qE '^/\* bpf-migrate-expect: [a-z0-9-]+ (error|warning|info) \*/'; then
			fail "$rel: first line is not /* bpf-migrate-expect: RULE SEVERITY */"
		fi
		;;
	*.input.c)
		if [ ! -f "${src%.input.c}.output.c" ]; then
			fail "$rel: no matching .output.c"
		fi
		;;
	*/include/*) ;;
	*)
		fail "$rel: not named CASE.input.c, CASE.output.c or CASE.nofix.c"
		;;
	esac
done < <(find "$here" -name '*.c' -not -path '*/fuzz-found/*' -print0 | sort -z)

printf '%d files, %d with warnings\n%d passed, %d failed\n' "$total" "$warned" "$((total - failed))" "$failed"
[ "$failed" -eq 0 ]
