#!/usr/bin/env bash
# The `terraform query` part of make demo: adopt tasks that already run. It
# seeds a fake cloud with tasks made "elsewhere", lists them with a `list`
# block, lets terraform generate their configuration and import blocks, and
# plans the result (N to import, nothing else), then imports them and shows
# that the next plan is empty. Needs Terraform 1.14 or later: the path given
# as $1, else $TF_NEW_VERSION as make demo and make test build it (once).
#   scripts/demo-query.sh [terraform-binary]   (DEMO_QUERY_TASKS=300 by default)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
tf=${1:-$("$repo/scripts/terraform-bin.sh" "${TF_NEW_VERSION:-v1.16.4}")}
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# The version is read whole before it is matched: under pipefail, `grep -q`
# exiting at the first match would kill terraform with SIGPIPE and fail the check.
version_json=$([ -n "$tf" ] && "$tf" version -json 2>/dev/null || true)
if ! [[ $version_json =~ \"terraform_version\":\ *\"1\.(1[4-9]|[2-9][0-9]) ]]; then
  say "terraform query needs Terraform >= 1.14; $tf is not"
  exit 1
fi
n=${DEMO_QUERY_TASKS:-300}
work=$(mktemp -d "${TMPDIR:-/tmp}/huaweicloud-query.XXXXXX")
fake_pid=
cleanup() {
  [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null && wait "$fake_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

(cd "$repo" && go build -o "$work/plugins/terraform-provider-huaweicloud" . && go build -o "$work/fakecloud" ./cmd/fakecloud)
export HW_REGION_NAME=cn-north-4 HW_ACCESS_KEY=DEMOAK0000000000FAKE HW_SECRET_KEY=demo-secret-key-not-a-real-one-000000
"$work/fakecloud" -listen 127.0.0.1:0 -access-key "$HW_ACCESS_KEY" -secret-key "$HW_SECRET_KEY" -quiet -seed "$n" >"$work/fake.log" 2>&1 &
fake_pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$work/fake.log" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/fake.log" | head -1)
[ -n "$url" ] || { cat "$work/fake.log"; echo "the fake cloud did not start" >&2; exit 1; }

cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides { "smsops/huaweicloud" = "$work/plugins" }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
mkdir -p "$work/config" && cd "$work/config"
cat >main.tf <<HCL
terraform {
  required_providers {
    huaweicloud = { source = "smsops/huaweicloud" }
  }
}

provider "huaweicloud" {
  endpoints {
    sms = "$url"
    iam = "$url"
    dcs = "$url"
  }
}
HCL
cat >adopt.tfquery.hcl <<HCL
list "huaweicloud_sms_task" "existing" {
  provider = huaweicloud
  limit    = 1000
}
HCL
# The fake's control API over bash's /dev/tcp (no curl needed): METHOD PATH, prints the body.
control() {
  local hostport=${url#http://} fd
  exec {fd}<>"/dev/tcp/${hostport%:*}/${hostport##*:}"
  printf '%s %s HTTP/1.0\r\nHost: %s\r\nContent-Length: 0\r\n\r\n' "$1" "$2" "$hostport" >&"$fd"
  sed '1,/^\r\{0,1\}$/d' <&"$fd"
  exec {fd}<&-
}
stats() { control GET /_fake/stats | tr -d ' \n' | grep -o '"routes":{[^}]*}' | tr ',' '\n' | sed 's/"routes":{//; s/["}]//g; s/^/  /'; }
reset_stats() { control POST /_fake/stats/reset >/dev/null 2>&1 || true; }

say "terraform query -generate-config-out=generated.tf ($("$tf" version | head -1), $n tasks created outside Terraform)"
reset_stats
"$tf" query -no-color -generate-config-out=generated.tf | tail -n 3
say "API calls of the query"
stats
say "generated.tf: one resource and one import block per task; the first of $(grep -c '^import {' generated.tf):"
awk '/^resource/{n++} n==1' generated.tf | awk 'NF==0{blank++} blank<2'
say "terraform plan"
"$tf" plan -no-color -out=adopt.plan | grep -E '^Plan:|No changes' || true
say "terraform apply (imports only)"
"$tf" apply -no-color adopt.plan | grep -E 'Apply complete' || true
say "terraform plan after the import"
"$tf" plan -no-color -detailed-exitcode | grep -E '^Plan:|No changes' || true
