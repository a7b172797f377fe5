#!/usr/bin/env bash
# Run a real Neo4j Community server for development and tests, without Docker.
#
#   scripts/neo4j-dev.sh start|stop|status|restart
#
# `start` fetches Neo4j Community (jars from Maven Central through mvn, cached in
# .cache/neo4j/<version>/lib), launches it on a free 127.0.0.1 port with auth off,
# waits for a Bolt handshake and prints shell lines for `eval "$(... start)"`:
#   export NEO4J_URI=bolt://127.0.0.1:<port>
#   export NEO4J_USER=neo4j
#   export NEO4J_PASSWORD=
# Environment: NEO4J_VERSION (default below), NEO4J_DEV_HOME (jar cache dir),
# NEO4J_DEV_STATE (conf, data, logs, pid; default .cache/neo4j-run),
# NEO4J_DEV_PORT (fixed Bolt port), NEO4J_DEV_JAVA (default: java),
# NEO4J_DEV_START_TIMEOUT (seconds, default 120), NEO4J_DEV_HEAP (largest JVM heap, default 6g; a
# load is one transaction, and Neo4j lets transactions use 70% of the heap: 10^6 relationships need ~3 GB),
# NEO4J_DEV_PAGECACHE (default 1g).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="${NEO4J_VERSION:-5.26.31}"
CACHE="$(realpath -m "${NEO4J_DEV_HOME:-$REPO/.cache/neo4j/$VERSION}")"
STATE="$(realpath -m "${NEO4J_DEV_STATE:-$REPO/.cache/neo4j-run}")"
JAVA="${NEO4J_DEV_JAVA:-java}"
TIMEOUT="${NEO4J_DEV_START_TIMEOUT:-120}"
HEAP="${NEO4J_DEV_HEAP:-6g}"
PAGECACHE="${NEO4J_DEV_PAGECACHE:-1g}"
PIDFILE="$STATE/neo4j.pid"
PORTFILE="$STATE/port"
ENVFILE="$STATE/env"
CONSOLE="$STATE/logs/console.log"

log() { printf 'neo4j-dev: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Prints the recorded pid if that process is alive and is our Neo4j; fails otherwise.
running_pid() {
  local pid cmd
  [[ -f "$PIDFILE" ]] || return 1
  pid="$(cat "$PIDFILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmd" == *java* && "$cmd" == *org.neo4j.server.CommunityEntryPoint* && "$cmd" == *"--home-dir=$STATE"* ]] || return 1
  echo "$pid"
}

port_free() {
  python3 - "$1" <<'EOF'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the JVM does for server sockets
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
EOF
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# A real Bolt handshake: magic 0x6060B017, propose 5.0-5.4 and 4.4; a non-zero reply means Bolt is up.
bolt_ready() {
  python3 - "$1" <<'EOF' 2>/dev/null
import socket, sys
try:
    with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2) as s:
        s.sendall(bytes.fromhex("6060B017" "00040405" "00000404" "00000000" "00000000"))
        reply = s.recv(4)
except OSError:
    sys.exit(1)
sys.exit(0 if len(reply) == 4 and reply != b"\0\0\0\0" else 1)
EOF
}

fetch() {
  [[ -f "$CACHE/lib/.complete" ]] && return 0
  command -v mvn >/dev/null || die "mvn not found; it is needed once to fetch Neo4j $VERSION"
  log "fetching Neo4j Community $VERSION from Maven Central into $CACHE/lib (one time) ..."
  mkdir -p "$CACHE"
  cat >"$CACHE/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.dev</groupId><artifactId>neo4j-dev-fetch</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.neo4j</groupId><artifactId>neo4j</artifactId><version>$VERSION</version></dependency>
  </dependencies>
</project>
EOF
  rm -rf "$CACHE/lib.tmp"
  local t0=$SECONDS
  if ! mvn -q -B -f "$CACHE/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
      -DoutputDirectory="$CACHE/lib.tmp" >"$CACHE/mvn.log" 2>&1; then
    tail -n 30 "$CACHE/mvn.log" >&2
    die "mvn could not fetch org.neo4j:neo4j:$VERSION (full log: $CACHE/mvn.log)"
  fi
  touch "$CACHE/lib.tmp/.complete"
  rm -rf "$CACHE/lib" && mv "$CACHE/lib.tmp" "$CACHE/lib"
  log "fetched $(find "$CACHE/lib" -name '*.jar' | wc -l) jars, $(du -sh "$CACHE/lib" | cut -f1), in $((SECONDS - t0)) s"
}

write_conf() {
  mkdir -p "$STATE/conf" "$STATE/logs" "$STATE/data" "$STATE/run" "$STATE/import" "$STATE/plugins"
  cat >"$STATE/conf/neo4j.conf" <<EOF
# Written by scripts/neo4j-dev.sh; rewritten on every start.
server.default_listen_address=127.0.0.1
server.default_advertised_address=127.0.0.1
server.bolt.enabled=true
server.bolt.listen_address=127.0.0.1:$1
server.bolt.advertised_address=127.0.0.1:$1
server.http.enabled=false
server.https.enabled=false
dbms.security.auth_enabled=false
dbms.usage_report.enabled=false
server.memory.pagecache.size=$PAGECACHE
db.tx_log.rotation.retention_policy=2 files
# Netty's graceful-shutdown quiet period (default 5 s, spent twice) makes every stop take 10+ s.
internal.dbms.bolt.netty_server_shutdown_quiet_period=0
EOF
}

print_env() {
  local port
  port="$(cat "$PORTFILE")"
  printf 'export NEO4J_URI=bolt://127.0.0.1:%s\nexport NEO4J_USER=neo4j\nexport NEO4J_PASSWORD=\n' "$port" | tee "$ENVFILE"
}

start() {
  if running_pid >/dev/null; then log "already running (pid $(cat "$PIDFILE"))"; print_env; return 0; fi
  command -v "$JAVA" >/dev/null || die "java not found (need Java 17 or 21)"
  fetch
  local port="${NEO4J_DEV_PORT:-}"
  if [[ -z "$port" && -f "$PORTFILE" ]] && port_free "$(cat "$PORTFILE")"; then
    port="$(cat "$PORTFILE")"   # reuse the previous port so a restart keeps the same URI
  fi
  [[ -n "$port" ]] || port="$(free_port)"
  port_free "$port" || die "port $port on 127.0.0.1 is already in use"
  write_conf "$port"
  echo "$port" >"$PORTFILE"
  log "starting Neo4j $VERSION on bolt://127.0.0.1:$port (state: $STATE)"
  local t0=$SECONDS
  # JVM flags: those Neo4j's own launcher passes by default (server.jvm.additional) plus heap size.
  nohup setsid "$JAVA" -Xms512m -Xmx"$HEAP" -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow \
    -XX:+UnlockExperimentalVMOptions -XX:+TrustFinalNonStaticFields -XX:+DisableExplicitGC \
    -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true \
    -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints \
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED -Dlog4j2.disable.jmx=true -Dfile.encoding=UTF-8 \
    -cp "$CACHE/lib/*" org.neo4j.server.CommunityEntryPoint \
    --home-dir="$STATE" --config-dir="$STATE/conf" \
    </dev/null >"$CONSOLE" 2>&1 &
  echo $! >"$PIDFILE"
  while ((SECONDS - t0 < TIMEOUT)); do
    if bolt_ready "$port"; then
      log "ready in $((SECONDS - t0)) s (pid $(cat "$PIDFILE"))"
      print_env
      return 0
    fi
    running_pid >/dev/null || break
    sleep 1
  done
  if running_pid >/dev/null; then log "Neo4j did not answer Bolt within ${TIMEOUT} s; last lines of its logs:"
  else log "Neo4j exited during startup; last lines of its logs:"; fi
  for f in "$CONSOLE" "$STATE/logs/neo4j.log" "$STATE/logs/debug.log"; do
    [[ -s "$f" ]] && { echo "==> $f <==" >&2; tail -n 50 "$f" >&2; }
  done
  stop >/dev/null 2>&1 || true
  exit 1
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PIDFILE"
    log "not running"
    return 0
  fi
  log "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still running after 30 s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$PIDFILE"
  log "stopped"
}

status() {
  if running_pid >/dev/null; then
    echo "running (pid $(cat "$PIDFILE")): bolt://127.0.0.1:$(cat "$PORTFILE")"
    return 0
  fi
  echo "not running"
  return 3
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  restart)
    # keep the same port (and the data, which lives in $STATE anyway)
    [[ -z "${NEO4J_DEV_PORT:-}" && -f "$PORTFILE" ]] && NEO4J_DEV_PORT="$(cat "$PORTFILE")"
    stop && start ;;
  *) echo "usage: $0 start|stop|status|restart" >&2; exit 2 ;;
esac
