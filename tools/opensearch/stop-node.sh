#!/usr/bin/env bash
# Stop the node tools/opensearch/start-node.sh started on SHERLOC_OPENSEARCH_PORT (default 9200),
# and remove its temp home (not one given as SHERLOC_OPENSEARCH_HOME).
set -euo pipefail

port="${SHERLOC_OPENSEARCH_PORT:-9200}"
cache="${SHERLOC_OPENSEARCH_CACHE:-${HOME}/.cache/sherloc-opensearch}"
pidfile="${cache}/node-${port}.pid"
homefile="${cache}/node-${port}.home"

if [[ ! -f "$pidfile" ]]; then
  echo "stop-node.sh: no node started by start-node.sh on port ${port}" >&2
  exit 0
fi
pid="$(cat "$pidfile")"
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"
  for _ in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid"
  fi
fi
rm -f "$pidfile"
if [[ -f "$homefile" ]]; then
  home="$(cat "$homefile")"
  if [[ ! -f "${homefile}.keep" && "$home" == "${TMPDIR:-/tmp}"/sherloc-opensearch-* ]]; then
    rm -rf "$home"
  fi
  rm -f "$homefile" "${homefile}.keep"
fi
echo "stopped pid ${pid}"
