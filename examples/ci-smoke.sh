#!/usr/bin/env bash
# A smoke test of a RevKeen checkout, to drop into CI.
#
# With REVKEEN_API_KEY set it runs against RevKeen (sandbox keys go to staging); without one it
# starts `revkeen mock` on a free local port and runs there, paying on the mock's hosted page.
# It stops at the first surprise, says what it was, and exits non-zero.
#
#   REVKEEN=revkeen bash examples/ci-smoke.sh           # REVKEEN: how to run the CLI
set -euo pipefail

REVKEEN=${REVKEEN:-revkeen}
export CI=${CI:-true}   # never wait for a prompt

say() { printf 'ci-smoke: %s\n' "$*" >&2; }
fail() { say "FAILED: $*"; exit 1; }
rk() { $REVKEEN "$@"; }
# Reads one field of the JSON on stdin; node is there wherever revkeen is.
field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=process.argv[1].split(".").reduce((o,k)=>o?.[k],JSON.parse(s));process.stdout.write(v==null?"":String(v))})' "$1"; }

workdir=$(mktemp -d)
mock_pid=
cleanup() {
  if [ -n "$mock_pid" ]; then kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; fi
  rm -rf "$workdir"
}
trap cleanup EXIT

on_mock=false
if [ -z "${REVKEEN_API_KEY:-}" ]; then
  say "no REVKEEN_API_KEY: starting revkeen mock"
  # Started as a plain command, not through rk(): $! is then the mock itself, not a subshell around it.
  $REVKEEN mock --port 0 --quiet >"$workdir/mock.url" 2>"$workdir/mock.log" &
  mock_pid=$!
  for _ in $(seq 50); do [ -s "$workdir/mock.url" ] && break; sleep 0.1; done
  [ -s "$workdir/mock.url" ] || fail "revkeen mock did not start: $(cat "$workdir/mock.log")"
  REVKEEN_BASE_URL=$(head -n 1 "$workdir/mock.url")
  export REVKEEN_BASE_URL REVKEEN_API_KEY=rk_sandbox_ci_smoke_key
  on_mock=true
fi

say "creating a session for 12.50 USD"
created=$(rk sessions create --amount 12.50 --currency USD --success-url https://example.com/thanks --json) \
  || fail "sessions create exited with $?"
id=$(printf '%s' "$created" | field id)
url=$(printf '%s' "$created" | field url)
[ -n "$id" ] || fail "the create response has no id: $created"
case "$url" in
  https://*) ;;
  http://127.0.0.1:* | http://localhost:*) $on_mock || fail "plain-http URL from a real API: $url" ;;
  *) fail "unexpected hosted URL: '$url'" ;;
esac
curl -fsS -o /dev/null "$url" || fail "the hosted page $url did not load"
say "session $id is at $url"

if $on_mock; then
  say "paying it on the mock's hosted page"
  curl -fsS -o /dev/null -X POST --data 'method=card' "$url/pay" || fail "paying on $url failed"
  rk sessions get "$id" --wait --until complete --interval 500ms --wait-timeout 30s --json >"$workdir/paid.json" \
    || fail "session $id did not reach complete (exit $?)"
  [ "$(field status <"$workdir/paid.json")" = complete ] || fail "session $id is not complete: $(cat "$workdir/paid.json")"
else
  status=$(rk sessions get "$id" --json | field status) || fail "sessions get exited with $?"
  [ "$status" = open ] || fail "a new session should be open, not '$status'"
fi

say "creating and expiring a second session"
second=$(rk sessions create --amount-minor 500 --json | field id) || fail "second create failed"
rk sessions expire "$second" --yes >/dev/null || fail "sessions expire exited with $?"
status=$(rk sessions get "$second" --json | field status)
[ "$status" = expired ] || fail "session $second should be expired, not '$status'"

say "all good"
