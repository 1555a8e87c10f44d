#!/usr/bin/env bash
# Prints the path of a pinned developer tool, installing it once from the Go
# module proxy into a cache outside the repo (one directory per version).
#   scripts/go-tool.sh golangci-lint v2.15.0
#   scripts/go-tool.sh goreleaser v2.16.0
# Install output goes to stderr.
set -euo pipefail
name=${1:?tool name}
version=${2:?tool version}
case "$name" in
  golangci-lint) pkg=github.com/golangci/golangci-lint/v2/cmd/golangci-lint ;;
  goreleaser)    pkg=github.com/goreleaser/goreleaser/v2 ;;
  *) echo "go-tool.sh: unknown tool $name" >&2; exit 2 ;;
esac
cache=${TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-huaweicloud/bin}
dir=$cache/$name-$version
if [ ! -x "$dir/$name" ]; then
  mkdir -p "$dir"
  # One install at a time (make lint and the release test may ask at once).
  exec 9>"$dir/.install.lock"
  flock 9
fi
if [ ! -x "$dir/$name" ]; then
  echo "installing $name $version from the Go module proxy into $dir (once)..." >&2
  # Outside the module, so the tool's dependencies do not touch go.mod, and with
  # the local toolchain: a tool that needs a newer Go fails here, visibly. On
  # every core, even when a test running with one asks (scripts/test.sh).
  (cd "$dir" && env -u GOMAXPROCS -u GOGC GOFLAGS= GOTOOLCHAIN=local GOBIN="$dir" go install "$pkg@$version") >&2
fi
echo "$dir/$name"
