#!/usr/bin/env bash
# make demo: build the provider and the fake cloud, start the fake on loopback,
# run terraform init/plan/apply/destroy of examples/demo against it through
# dev_overrides, and print what happened. Nothing leaves the machine.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/huaweicloud-demo.XXXXXX")
fake_pid=
cleanup() {
  [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null && wait "$fake_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "building the provider and the fake cloud"
(cd "$repo" && go build -o "$work/plugins/terraform-provider-huaweicloud" . && go build -o "$work/fakecloud" ./cmd/fakecloud)

# Demo-only credentials: the fake accepts exactly this pair.
export HW_REGION_NAME=cn-north-4 HW_ACCESS_KEY=DEMOAK0000000000FAKE HW_SECRET_KEY=demo-secret-key-not-a-real-one-000000
"$work/fakecloud" -listen 127.0.0.1:0 -access-key "$HW_ACCESS_KEY" -secret-key "$HW_SECRET_KEY" \
  -seed 3 -start 1s -migrate 4s -stop 1s -delete 1s >"$work/fake.log" 2>&1 &
fake_pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$work/fake.log" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/fake.log" | head -1)
[ -n "$url" ] || { cat "$work/fake.log"; echo "the fake cloud did not start" >&2; exit 1; }
say "fake Huawei Cloud listening on $url (3 tasks seeded)"
curl -fsS -X POST "$url/_fake/sources" -H 'Content-Type: application/json' \
  -d '{"name":"web-01","os_type":"LINUX","connected":true}' >/dev/null

tf=$(command -v terraform || "$repo/scripts/terraform-bin.sh" system)
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides { "smsops/huaweicloud" = "$work/plugins" }
  direct {}
}
RC
# The seeded tasks play an earlier migration wave that the batch resource cleans up.
old_wave=$(curl -fsS "$url/_fake/tasks" | python3 -c 'import json,sys;d=json.load(sys.stdin);t=d if isinstance(d,list) else d.get("tasks",[]);print(json.dumps([x["id"] for x in t]))')
export TF_CLI_CONFIG_FILE="$work/terraformrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1 TF_VAR_endpoint="$url" TF_VAR_old_wave_task_ids="$old_wave"
mkdir -p "$work/config" "$work/invoke" && cp "$repo"/examples/demo/*.tf "$work/config/" && cp "$repo"/examples/demo/invoke/*.tf "$work/invoke/"
cd "$work/config"

# No `terraform init`: with dev_overrides Terraform loads the provider straight
# from the build directory, and init would only try to reach the registry.
say "terraform plan"
"$tf" plan -no-color -out=demo.plan | grep -v -e '^ *$' -e 'Warning: Provider development overrides' || true
say "terraform apply"
"$tf" apply -no-color -auto-approve demo.plan 2>&1 | grep -E 'Creat|Apply complete|Still|Error|rror:' || true
say "outputs"
"$tf" output -no-color
say "what the fake cloud saw"
curl -fsS "$url/_fake/stats" | python3 -c '
import json,sys
s=json.load(sys.stdin)
for route,n in sorted(s["routes"].items()): print(f"  {n:4d}  {route}")
print("  %d of %d requests signed and verified, %d bad signatures" % (s["verified"], s["total"], s["bad_signature"]))'
task_id=$("$tf" output -raw task_id)
# Native actions need Terraform 1.14; use the cached build when `make test` made one.
tf_new=$("$repo/scripts/terraform-bin.sh" cached 2>/dev/null || true)
if [ -n "$tf_new" ]; then
  say "terraform apply -invoke=action.huaweicloud_sms_task_action.network_check ($("$tf_new" version | head -1))"
  (cd "$work/invoke" && "$tf_new" apply -no-color -auto-approve -var task_id="$task_id" \
    -invoke=action.huaweicloud_sms_task_action.network_check 2>&1 | grep -E 'Action|action|network|Apply complete|rror' || true)
else
  say "skipping the native action: no terraform >= 1.14 cached yet (make test builds one)"
fi
say "operations the task received"
curl -fsS "$url/_fake/tasks/$task_id/actions" | python3 -c 'import json,sys;print("  " + " -> ".join(json.load(sys.stdin)["actions"]))'
say "terraform destroy"
"$tf" destroy -no-color -auto-approve 2>&1 | grep -E 'Destroy|destroyed|Still' || true
remaining=$(curl -fsS "$url/_fake/tasks" | python3 -c 'import json,sys;d=json.load(sys.stdin);t=d if isinstance(d,list) else d.get("tasks",[]);print(len(t))')
say "done: $remaining tasks left in the fake (the batch resource deleted the 3 seeded ones, destroy the one it created)"
