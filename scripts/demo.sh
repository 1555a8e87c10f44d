#!/usr/bin/env bash
# make demo: tools/demo builds the provider, serves the fake cloud on
# loopback, runs terraform plan/apply/destroy of examples/demo against it and
# prints what happened. It stops with a non-zero exit and terraform's full
# output at the first step that fails.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
exec go run ./tools/demo -repo "$repo"
