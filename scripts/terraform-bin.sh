#!/usr/bin/env bash
# Prints the path of a terraform binary for the tests, building it once if needed.
#   scripts/terraform-bin.sh system    the terraform on PATH (built as v1.11.4 if there is none)
#   scripts/terraform-bin.sh v1.16.4   that version, built from the Go module proxy
#   scripts/terraform-bin.sh cached    the $TF_NEW_VERSION build if one is cached, else fails (never builds)
# Builds go to a cache outside the repo and are reused; all build output goes to stderr.
set -euo pipefail
want=${1:-system}
here=$(cd "$(dirname "$0")/.." && pwd)
cache=${TF_BUILD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-huaweicloud}

if [ "$want" = cached ]; then
  bin=$cache/terraform-${TF_NEW_VERSION:-v1.16.4}/terraform
  [ -x "$bin" ] && echo "$bin" && exit 0
  exit 1
fi
if [ "$want" = system ]; then
  if command -v terraform >/dev/null 2>&1; then command -v terraform; exit 0; fi
  want=v1.11.4
fi
bin=$cache/terraform-$want/terraform
if [ ! -x "$bin" ]; then
  echo "building terraform $want once into $cache (a few minutes)..." >&2
  mkdir -p "$cache/terraform-$want"
  "$here/scripts/build-terraform.sh" "$want" "$cache/terraform-$want" >&2
fi
echo "$bin"
