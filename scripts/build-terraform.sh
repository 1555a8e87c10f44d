#!/usr/bin/env bash
# Builds the Terraform CLI from its source on the Go module proxy.
#   scripts/build-terraform.sh VERSION OUTDIR     e.g. v1.16.4 ~/.cache/.../terraform-v1.16.4
#
# The module zip leaves out Terraform's nested modules (the remote-state backends
# s3, gcs, azure, ...: each is a module of its own, replaced by a relative path
# that the zip does not hold), so the build drops them from go.mod and from the
# backend registry. Nothing else is changed; local state, the http backend and
# everything the tests use are untouched. Needs only Go, sed and grep.
set -euo pipefail
ver=${1:?terraform version, e.g. v1.16.4}
out=${2:?output directory}

src=$(go mod download -json "github.com/hashicorp/terraform@$ver" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$src" ] || { echo "build-terraform: module github.com/hashicorp/terraform@$ver not found on the proxy" >&2; exit 1; }

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cp -r "$src/." "$work/"
chmod -R u+w "$work"
cd "$work"

registry=internal/backend/init/init.go
nested=$(sed -n 's/^replace \(github.com\/hashicorp\/terraform\/internal\/backend\/remote-state\/[a-z0-9]*\) => .*/\1/p' go.mod)
for mod in $nested; do
  go mod edit -dropreplace="$mod" -droprequire="$mod"
  # The import line names an alias; every line that uses it registers that backend.
  alias=$(sed -n "s|^[[:space:]]*\([A-Za-z0-9_]*\)[[:space:]]*\"$mod\"$|\1|p" "$registry")
  [ -n "$alias" ] || continue
  sed -i -e "\|\"$mod\"$|d" -e "/\b$alias\./d" "$registry"
done

mkdir -p "$out"
go build -trimpath -ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no" -o "$out/terraform" .
"$out/terraform" version
