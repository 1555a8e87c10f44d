#!/usr/bin/env bash
# Builds the OpenTofu CLI from its source on the Go module proxy.
#   scripts/build-tofu.sh VERSION OUTDIR     e.g. v1.12.6 ~/.cache/.../tofu-v1.12.6
#
# OpenTofu's module zip is complete (its go.mod replaces only with other module
# versions), so the build is the one its release uses: ./cmd/tofu, trimmed
# paths, version.dev=no. It builds in a copy of the module, where go.mod is the
# main module and its replace directives apply. Needs only Go.
set -euo pipefail
ver=${1:?opentofu version, e.g. v1.12.6}
out=${2:?output directory}

src=$(go mod download -json "github.com/opentofu/opentofu@$ver" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$src" ] || { echo "build-tofu: module github.com/opentofu/opentofu@$ver not found on the proxy" >&2; exit 1; }

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cp -r "$src/." "$work/"
chmod -R u+w "$work"
cd "$work"

mkdir -p "$out"
CGO_ENABLED=0 GOFLAGS= go build -trimpath -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" -o "$out/tofu" ./cmd/tofu
"$out/tofu" version
