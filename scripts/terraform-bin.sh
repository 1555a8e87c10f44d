#!/usr/bin/env bash
# Prints the path of a terraform (or OpenTofu) binary for the tests, building it once if needed.
#   scripts/terraform-bin.sh system         the terraform on PATH (built as v1.11.4 if there is none)
#   scripts/terraform-bin.sh v1.16.4        that Terraform version, built from the Go module proxy
#   scripts/terraform-bin.sh tofu-v1.12.6   that OpenTofu version, built from the Go module proxy
#   scripts/terraform-bin.sh cached         the $TF_NEW_VERSION build if one is cached, else fails (never builds)
# Builds go to a cache outside the repo ($TF_BUILD_CACHE, default
# ~/.cache/terraform-provider-huaweicloud) and are reused; a build is written
# under another name and renamed when done, and concurrent callers (make test
# and make demo at once) wait for one build instead of starting two. All
# build output goes to stderr.
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
case "$want" in
  tofu-v*) product=OpenTofu; ver=${want#tofu-}; dir=$cache/$want; bin=$dir/tofu; build=$here/scripts/build-tofu.sh ;;
  v*)      product=Terraform; ver=$want; dir=$cache/terraform-$want; bin=$dir/terraform; build=$here/scripts/build-terraform.sh ;;
  *) echo "terraform-bin.sh: want system, cached, vX.Y.Z or tofu-vX.Y.Z, not $want" >&2; exit 2 ;;
esac
if [ ! -x "$bin" ]; then
  mkdir -p "$dir"
  exec 9>"$dir/.build.lock"
  if ! flock -n 9; then
    echo "waiting for another build of $product $ver into $dir..." >&2
    flock 9
  fi
  if [ ! -x "$bin" ]; then
    echo "building $product $ver once into $dir (a few minutes)..." >&2
    tmp=$dir/.build.$$
    rm -rf "$tmp"
    "$build" "$ver" "$tmp" >&2
    mv "$tmp/$(basename "$bin")" "$bin"
    rm -rf "$tmp"
  fi
fi
echo "$bin"
