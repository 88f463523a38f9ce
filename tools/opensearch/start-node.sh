#!/usr/bin/env bash
# Start a single local OpenSearch node for sherloc-search, from Maven Central jars only.
#
#   tools/opensearch/start-node.sh            # http://127.0.0.1:9200, a fresh temp data dir
#
# Environment (all optional):
#   SHERLOC_OPENSEARCH_PORT   HTTP port (default 9200; the transport port is this + 100)
#   SHERLOC_OPENSEARCH_CACHE  where jars and the compiled launcher are kept, outside git
#                             (default ~/.cache/sherloc-opensearch)
#   SHERLOC_OPENSEARCH_HOME   the node's home (data, logs); default a new temp dir, removed by stop-node.sh
#   SHERLOC_OPENSEARCH_HEAP   JVM heap (default 1g)
#   SHERLOC_OPENSEARCH_WAIT   seconds to wait for the node to answer (default 180)
#
# Needs java 17+ (javac too) and mvn. The jars (server, transport-netty4 and analysis-common
# modules, log4j) are fetched once by `mvn dependency:copy-dependencies` from pom.xml beside
# this script; SherlocNode.java starts the node in-process with those modules as plugins.
# Prints the URL and the pid; stop it with tools/opensearch/stop-node.sh.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${SHERLOC_OPENSEARCH_PORT:-9200}"
cache="${SHERLOC_OPENSEARCH_CACHE:-${HOME}/.cache/sherloc-opensearch}"
heap="${SHERLOC_OPENSEARCH_HEAP:-1g}"
wait_s="${SHERLOC_OPENSEARCH_WAIT:-180}"
url="http://127.0.0.1:${port}"
pidfile="${cache}/node-${port}.pid"
homefile="${cache}/node-${port}.home"

for tool in java javac mvn curl; do
  command -v "$tool" >/dev/null || { echo "start-node.sh: $tool is not installed" >&2; exit 1; }
done

if curl -fsS "${url}/_cluster/health" >/dev/null 2>&1; then
  echo "start-node.sh: a node already answers at ${url}" >&2
  echo "${url}"
  [[ -f "$pidfile" ]] && echo "pid $(cat "$pidfile")"
  exit 0
fi

mkdir -p "$cache"
# the jar set is keyed by the pom's content, so a version change fetches anew
key="$(sha256sum "${here}/pom.xml" | cut -c1-12)"
jars="${cache}/jars-${key}"
if [[ ! -f "${jars}/.complete" ]]; then
  echo "start-node.sh: fetching OpenSearch jars into ${jars}" >&2
  rm -rf "$jars"
  if ! mvn -q -B -f "${here}/pom.xml" dependency:copy-dependencies -DoutputDirectory="$jars" >"${cache}/mvn.log" 2>&1; then
    echo "start-node.sh: mvn could not fetch the jars (${cache}/mvn.log):" >&2
    tail -n 30 "${cache}/mvn.log" >&2
    exit 1
  fi
  touch "${jars}/.complete"
fi
classes="${cache}/classes-${key}"
if [[ ! -f "${classes}/SherlocNode.class" || "${here}/SherlocNode.java" -nt "${classes}/SherlocNode.class" ]]; then
  mkdir -p "$classes"
  javac -nowarn -cp "${jars}/*" -d "$classes" "${here}/SherlocNode.java"
fi

if [[ -n "${SHERLOC_OPENSEARCH_HOME:-}" ]]; then
  home="$SHERLOC_OPENSEARCH_HOME"
  mkdir -p "$home"
  echo "keep" >"${homefile}.keep"
else
  home="$(mktemp -d "${TMPDIR:-/tmp}/sherloc-opensearch-XXXXXX")"
  rm -f "${homefile}.keep"
fi
mkdir -p "${home}/config" "${home}/logs"

# setsid: the node outlives this script and the shell that ran it
setsid java -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -Djava.awt.headless=true -Dfile.encoding=UTF-8 \
  -Dsherloc.home="$home" -Dsherloc.port="$port" -Dsherloc.transport_port="$((port + 100))" \
  -cp "${classes}:${jars}/*" SherlocNode >"${home}/logs/node.out" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$pidfile"
echo "$home" >"$homefile"

for _ in $(seq 1 "$wait_s"); do
  if curl -fsS "${url}/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; then
    echo "${url}"
    echo "pid ${pid}"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "start-node.sh: the node exited; its output (${home}/logs/node.out):" >&2
    tail -n 40 "${home}/logs/node.out" >&2
    rm -f "$pidfile"
    exit 1
  fi
  sleep 1
done
echo "start-node.sh: no answer at ${url} after ${wait_s}s (pid ${pid}, output in ${home}/logs/node.out)" >&2
exit 1
