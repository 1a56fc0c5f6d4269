#!/usr/bin/env bash
# Sets up bpf-migrate on a Debian machine: system packages (when missing), npm dependencies, build.
#   scripts/setup.sh          what the CLI and its loader need: clang, llvm, libbpf-dev, bpftool
#   scripts/setup.sh --test   also what the test suite drives for real: pre-commit, neovim, coccinelle
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(clang llvm libbpf-dev bpftool libc6-dev-i386)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(pre-commit neovim coccinelle util-linux git iproute2)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if (( ${#missing[@]} > 0 )); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: missing Debian packages: ${missing[*]}; run as root or: sudo apt-get install ${missing[*]}" >&2
    exit 2
  fi
  echo "setup: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build
echo "setup: ready ($(clang --version | head -n1); libbpf $(dpkg-query -W -f='${Version}' libbpf-dev))" >&2
