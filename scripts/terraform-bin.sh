#!/usr/bin/env bash
# Prints the path of a terraform binary for the tests, building it once if needed.
#   scripts/terraform-bin.sh system    the terraform on PATH (built as v1.11.4 if there is none)
#   scripts/terraform-bin.sh v1.14.0   that version, built from the Go module proxy
#   scripts/terraform-bin.sh cached    the v1.14.0 build if one is cached, else fails (never builds)
# Builds go to a cache outside the repo and are reused; all build output goes to stderr.
set -euo pipefail
want=${1:-system}
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED_DIR:-$here/../shared}
cache=${TF_BUILD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-huaweicloud}

if [ "$want" = cached ]; then
  bin=$cache/terraform-v1.14.0/terraform
  [ -x "$bin" ] && echo "$bin" && exit 0
  exit 1
fi
if [ "$want" = system ]; then
  if command -v terraform >/dev/null 2>&1; then command -v terraform; exit 0; fi
  want=v1.11.4
fi
bin=$cache/terraform-$want/terraform
if [ ! -x "$bin" ]; then
  [ -f "$shared/tools/build-terraform.sh" ] || { echo "cannot build terraform $want: $shared/tools/build-terraform.sh not found" >&2; exit 1; }
  echo "building terraform $want once into $cache (a few minutes)..." >&2
  mkdir -p "$cache/terraform-$want"
  bash "$shared/tools/build-terraform.sh" "$want" "$cache/terraform-$want" >&2
fi
echo "$bin"
