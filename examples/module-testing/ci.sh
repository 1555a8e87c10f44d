#!/usr/bin/env bash
# The CI job of the guide "Testing your modules against the fake cloud": start
# the fake cloud, seed it, run the module's tests, show what the fake saw. Run
# it in the module's directory, with the released fakecloud binary there
# (./fakecloud), the provider installed and terraform on the PATH.
set -euo pipefail

# Start the fake on the port the test file names; it says when it listens.
./fakecloud -listen 127.0.0.1:8089 -access-key AKTEST0000000000CI00 -secret-key ci-secret -quiet >fake.log 2>&1 &
fake=$!
trap 'kill "$fake"' EXIT
until grep -q 'listening on' fake.log; do sleep 0.1; done
url=http://127.0.0.1:8089

# Seed what the tests expect through the control API (no signature needed there).
curl -fsS -X POST "$url/_fake/sources" -d '{"name":"web-01"}' >/dev/null
curl -fsS -X POST "$url/_fake/sources" -d '{"name":"db-01","os_type":"LINUX"}' >/dev/null
curl -fsS -X POST "$url/_fake/sources" -d '{"name":"legacy-01","connected":false}' >/dev/null
other=7a5c0000-0000-4000-8000-0000000000aa # another team's running task
curl -fsS -X POST "$url/_fake/tasks" -d '{"spec":{"id":"'$other'","name":"other-team-app-01","state":"RUNNING"}}' >/dev/null

export HW_REGION_NAME=cn-north-4 HW_ACCESS_KEY=AKTEST0000000000CI00 HW_SECRET_KEY=ci-secret
terraform init -input=false
terraform test # or: tofu init && tofu test

# What the module did, as the fake saw it: two tasks created and started, then
# deleted by the test's clean-up; the other team's task untouched; every
# request signed and verified.
curl -fsS "$url/_fake/stats"                 # requests per route, verified signatures
curl -fsS "$url/_fake/tasks"                 # only other-team-app-01 is left
curl -fsS "$url/_fake/tasks/$other/actions"  # the operations it received: none
