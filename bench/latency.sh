#!/usr/bin/env bash
# Warm latency of one report ingest and one fusion-patient-view call: median and p95 of N each.
# Starts the packaged server on an empty H2 database in a temp dir, warms it up, measures over
# loopback with curl, stops it. Build first: mvn -q -DskipTests package
# SERVER_ARGS adds server options, e.g. SERVER_ARGS=--fusion.engine.ingest=false for the stock-HAPI baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100}
PORT=${PORT:-18080}
BASE="http://127.0.0.1:$PORT"
JAR=target/fusion-cds.jar
TEMPLATE=src/test/resources/ingest/nsclc-cd74-nrg1-report.json
[ -f "$JAR" ] || { echo "no $JAR: run mvn -q -DskipTests package first" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT

(cd "$WORK" && exec java -Xmx1g -jar "$OLDPWD/$JAR" --server.port="$PORT" --server.address=127.0.0.1 ${SERVER_ARGS:-} > server.log 2>&1) &
SERVER=$!
until curl -sf "$BASE/actuator/health/readiness" > /dev/null; do
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
  sleep 1
done

report() { # patient id -> transaction bundle
  sed -e "s/{{p}}/$1/g" -e "s/{{obs-uuid}}/$(cat /proc/sys/kernel/random/uuid)/g" \
      -e "s/{{report-uuid}}/$(cat /proc/sys/kernel/random/uuid)/g" "$TEMPLATE"
}
hook() { # patient id -> patient-view request that lets the service read this server
  printf '{"hook":"patient-view","hookInstance":"%s","fhirServer":"%s/fhir","context":{"userId":"Practitioner/1","patientId":"%s"}}' \
    "$(cat /proc/sys/kernel/random/uuid)" "$BASE" "$1"
}
time_post() { # url content-type body-file -> seconds
  curl -s -o /dev/null -w '%{time_total}\n' -H "Content-Type: $2" -H 'Accept: application/json' --data-binary @"$3" "$1"
}
stats() { sort -n | awk '{v[NR]=$1} END {printf "median %.1f ms, p95 %.1f ms (n=%d)\n", v[int((NR+1)/2)]*1000, v[int(NR*0.95)]*1000, NR}'; }

RUN=$(date +%s)
for i in $(seq 1 20); do  # warm-up: JIT, connection pools, caches
  report "warm-$RUN-$i" > "$WORK/body.json"; time_post "$BASE/fhir" application/fhir+json "$WORK/body.json" > /dev/null
  hook "warm-$RUN-$i" > "$WORK/hook.json"; time_post "$BASE/cds-services/fusion-patient-view" application/json "$WORK/hook.json" > /dev/null
done
for i in $(seq 1 "$N"); do
  report "lat-$RUN-$i" > "$WORK/body.json"; time_post "$BASE/fhir" application/fhir+json "$WORK/body.json"
done > "$WORK/ingest.txt"
for i in $(seq 1 "$N"); do
  hook "lat-$RUN-$i" > "$WORK/hook.json"; time_post "$BASE/cds-services/fusion-patient-view" application/json "$WORK/hook.json"
done > "$WORK/hook.txt"
echo "report ingest (transaction: Patient, Condition, MedicationStatement, Observation, DiagnosticReport + suggestions): $(stats < "$WORK/ingest.txt")"
echo "fusion-patient-view (no prefetch, reads its own store): $(stats < "$WORK/hook.txt")"
