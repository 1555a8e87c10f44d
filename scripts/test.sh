#!/usr/bin/env bash
# make test: unit tests and the acceptance suite on three command-line tools.
#   1. everything (./...) on the terraform on the PATH (Terraform 1.11.4 here),
#      while Terraform $TF_NEW_VERSION and OpenTofu $TOFU_VERSION are found in
#      the cache or built into it (scripts/terraform-bin.sh);
#   2. the provider's acceptance tests on Terraform $TF_NEW_VERSION, and at the
#      same time
#   3. the same on OpenTofu $TOFU_VERSION, with the provider addressed through
#      OpenTofu's registry host; its output is printed after the second pass's.
# The fault matrices run in the first pass only: they test the client, not the
# CLI. Tests of features OpenTofu lacks skip themselves and say why.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
new=${TF_NEW_VERSION:-v1.16.4}
tofu=${TOFU_VERSION:-v1.12.6}
go_test=(go test -count=1 -parallel 4 -timeout 20m)
logs=$(mktemp -d "${TMPDIR:-/tmp}/huaweicloud-test.XXXXXX")
trap 'rm -rf "$logs"' EXIT
say() { printf '== %s\n' "$*"; }
first_line() { "$1" version 2>/dev/null | head -1; }

# A TF_CLI_CONFIG_FILE naming no file makes OpenTofu print a warning on
# stdout, before the version terraform-plugin-testing parses.
if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -e "$TF_CLI_CONFIG_FILE" ]; then unset TF_CLI_CONFIG_FILE; fi

tf_old=$(scripts/terraform-bin.sh system)
# Each build (or cache look-up) writes its path, its log and, last, its exit status.
build() { local rc=0; scripts/terraform-bin.sh "$1" >"$logs/$2.path" 2>"$logs/$2.log" || rc=$?; echo "$rc" >"$logs/$2.rc"; }
build "$new" new &
build "tofu-$tofu" tofu &
built() { # waits for build $1, prints its binary or its log
  until [ -s "$logs/$1.rc" ]; do sleep 1; done
  if [ "$(cat "$logs/$1.rc")" != 0 ]; then cat "$logs/$1.log" >&2; return 1; fi
  cat "$logs/$1.path"
}

say "unit + acceptance tests, $(first_line "$tf_old") (Terraform $new and OpenTofu $tofu are found or built meanwhile)"
TF_ACC=1 TF_ACC_TERRAFORM_PATH=$tf_old "${go_test[@]}" ./...

tf_new=$(built new)
# The OpenTofu pass starts as soon as its binary is there, next to the second pass.
(
  rc=0
  if bin=$(built tofu 2>"$logs/tofu.out"); then
    TF_ACC=1 TF_ACC_TERRAFORM_PATH=$bin TF_ACC_PROVIDER_HOST=registry.opentofu.org \
      "${go_test[@]}" -skip 'faultMatrix' ./internal/provider/... >"$logs/tofu.out" 2>&1 || rc=$?
  else
    rc=1
  fi
  echo "$rc" >"$logs/tofu-pass.rc"
) &
say "acceptance tests, $(first_line "$tf_new"), and at the same time on OpenTofu $tofu (its output follows)"
rc_new=0
TF_ACC=1 TF_ACC_TERRAFORM_PATH=$tf_new "${go_test[@]}" -skip 'faultMatrix' ./internal/provider/... || rc_new=$?
until [ -s "$logs/tofu-pass.rc" ]; do sleep 1; done
say "acceptance tests, $(first_line "$(cat "$logs/tofu.path" 2>/dev/null || echo false)") (registry host registry.opentofu.org)"
cat "$logs/tofu.out"
rc_tofu=$(cat "$logs/tofu-pass.rc")
[ "$rc_new" = 0 ] && [ "$rc_tofu" = 0 ]
