#!/usr/bin/env bash
# make test: unit tests and the acceptance suite on three command-line tools,
# all three passes at once (a 2-core machine is otherwise idle while one pass
# runs its serial tests):
#   1. everything (./...) on the terraform on the PATH (Terraform 1.11.4 here);
#   2. the provider's acceptance tests on Terraform $TF_NEW_VERSION;
#   3. the same on OpenTofu $TOFU_VERSION, with the provider addressed through
#      OpenTofu's registry host.
# Terraform $TF_NEW_VERSION and OpenTofu $TOFU_VERSION are found in the cache
# or built into it first (scripts/terraform-bin.sh). The first pass prints as
# it goes; the other two print when they end.
# The second and third passes run the tests whose outcome depends on the CLI
# ($cli below): every type's lifecycle, import and identity, list resources
# and query, actions, ephemeral resources and write-only arguments, state
# upgrades and moves from the official provider, the warnings and plans the
# CLI renders, what it logs and writes, and the examples. The others (the
# client, the fake's readings, lost answers, throttling, the service's state
# machine, plan-time validation, objects removed out of band) meet the
# provider through a plain plan, apply and destroy that those tests already
# run on each CLI, so they run on the first only. Tests of features a CLI
# lacks skip themselves and say why; so every test of a feature the first
# pass's CLI may lack is in $cli (TestFeatureTestsRunOnTheNewerCLIs checks
# it).
# Test binaries, and the CLIs they start, run with one P and GOGC=200: the
# suite is some 6,000 short CLI runs, and on 2 cores their runtimes' parallel
# start-up and garbage collection cost about a sixth of its CPU (measured on
# ten tests: 56 CPU-s by default, 46 with these). Tests at once contend the
# same way (the same ten took 51, 56, 59 and 68 CPU-s at -parallel 1, 2, 4
# and 8), so the first pass runs 3 at a time and the later passes 2: the
# three passes together still keep both cores busy.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
new=${TF_NEW_VERSION:-v1.16.4}
tofu=${TOFU_VERSION:-v1.12.6}
flags=(-count=1 -parallel 3 -timeout 45m -exec 'env GOMAXPROCS=1 GOGC=200')
cli_tests=(
  # every type's lifecycle: create, read, update in place or by replacement
  '_(basic|update)$'
  # import by id and by identity
  '_identity$' '_import'
  # list resources, terraform query and the configuration it generates
  'ListResource_' '^TestAccSMSTaskQuery_' '^TestExamplesQuery$'
  # native actions, all of them: the first pass's Terraform has none
  '^TestAccSMSTaskActionAction_' '^TestAccSMSTasksBatchDeleteAction_' '^TestAccSMSTaskDiagnosticsAction_'
  # ephemeral resources and write-only arguments
  'Ephemeral_' '^TestAccSMSServerTemplate_updatePasswordKept$'
  # state upgrade from schema version 0, and moved blocks from the official
  # provider's resources (the CLI moves the state)
  '^TestAccSMSTask_upgradeFromV0$' '^TestAccMovedFromOfficial_'
  # what the CLI renders: warnings and plan contents (plan-time validation
  # errors are the provider's own, on every CLI: first pass only)
  '^TestAccSMSTask_(quietPlans|destroyPlanWarnsAboutRunningTask)$' '^TestAccSMSTasksBatchDelete(Action)?_plan'
  # what the CLI writes to its logs, plans and state
  '^TestAccSecurity_(traceLog|temporaryCredentialsNeverLeak)'
  # the examples and the README's, including terraform test of a module
  '^TestExamples' '^TestAccREADME_'
)
cli=$(IFS='|'; echo "${cli_tests[*]}")
logs=$(mktemp -d "${TMPDIR:-/tmp}/huaweicloud-test.XXXXXX")
trap 'rm -rf "$logs"' EXIT
say() { printf '== %s\n' "$*"; }
t0=$(date +%s)
elapsed() { echo "$(($(date +%s) - t0)) s"; }
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

# The provider's test binary is built once and run by the second and third
# passes (from its package directory, as go test would).
go test -c -o "$logs/provider.test" ./internal/provider
acceptance() { # $1 name, $2 terraform binary, then environment assignments
  local name=$1 bin=$2 rc=0
  shift 2
  echo "$(elapsed)" >"$logs/$name.start"
  (cd internal/provider && env TF_ACC=1 TF_ACC_TERRAFORM_PATH="$bin" GOMAXPROCS=1 GOGC=200 "$@" "$logs/provider.test" \
    -test.count=1 -test.parallel 2 -test.timeout 45m -test.run "$cli") >"$logs/$name.out" 2>&1 || rc=$?
  echo "$(elapsed)" >"$logs/$name.end"
  echo "$rc" >"$logs/$name-pass.rc"
}
later() { # $1 name, $2 build, then environment assignments: waits for the build, then runs the pass
  local name=$1 b=$2 bin
  shift 2
  if bin=$(built "$b" 2>"$logs/$name.out"); then acceptance "$name" "$bin" "$@"; else echo 1 >"$logs/$name-pass.rc"; fi
}
later new new &
later tofu tofu TF_ACC_PROVIDER_HOST=registry.opentofu.org &

say "unit + acceptance tests, $(first_line "$tf_old"); Terraform $new and OpenTofu $tofu passes run meanwhile"
rc_old=0
TF_ACC=1 TF_ACC_TERRAFORM_PATH=$tf_old go test "${flags[@]}" ./... || rc_old=$?
echo "(first pass ended at $(elapsed))"

rc=$rc_old
for name in new tofu; do
  until [ -s "$logs/$name-pass.rc" ]; do sleep 1; done
  bin=$(cat "$logs/$name.path" 2>/dev/null || echo false)
  say "acceptance tests, $(first_line "$bin")$([ "$name" = tofu ] && echo ' (registry host registry.opentofu.org)'), the tests whose outcome depends on the CLI (scripts/test.sh: cli_tests)"
  cat "$logs/$name.out"
  pass_rc=$(cat "$logs/$name-pass.rc")
  when="from $(cat "$logs/$name.start" 2>/dev/null || echo '-') to $(cat "$logs/$name.end" 2>/dev/null || echo '-')"
  if [ "$pass_rc" = 0 ]; then echo "ok (exit 0, $when)"; else echo "FAIL (exit $pass_rc, $when)"; rc=1; fi
done
echo "(make test took $(elapsed))"
exit "$rc"
