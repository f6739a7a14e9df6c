#!/usr/bin/env bash
# Installs a real n8n 1.x and a Node 24 binary into .n8n-harness/n8n1 (git-ignored), for
# `npm run check:n8n1`. Idempotent: once the marker file is written, a second run only checks it.
#
# Which 1.x: 1.123.81, the newest 1.x in this registry snapshot (`npm view n8n versions`).
#
# Which Node: n8n@1.123.81 declares node ">=20.19 <= 24.x", but its default expression engine
# ("vm", N8N_EXPRESSION_ENGINE) needs isolated-vm 6.2.0, which wants Node >= 22 and ships
# prebuilt binaries for ABI 127/137 (Node 22/24) only: on Node 20 every command that evaluates
# expressions (`n8n execute`, `n8n start`) exits with "Could not initialize the vm expression
# engine". So n8n 1.x runs on Node 24 here (n8n's own Docker images use Node 22); Node 20 works
# only with N8N_EXPRESSION_ENGINE=legacy.
#
# Recipe (the 2.x one, plus one override):
#   1. npm install node@24 with scripts ON (its preinstall fetches the Node 24 binary package)
#   2. npm install n8n@<1.x> with scripts OFF (kafka's librdkafka build would download zlib),
#      overrides: linkedom 0.18.12 (newer ones need `cssomnom`, missing from the registry here)
#      and xlsx 0.18.5: n8n-nodes-base 1.x depends on
#      https://cdn.sheetjs.com/xlsx-0.20.2/xlsx-0.20.2.tgz, which is not on the npm registry
#      (offline: ENOTFOUND cdn.sheetjs.com); 0.18.5 is the newest xlsx on the registry.
#   3. build sqlite3 (N-API: loads on Node 20 and 24) with node-gyp --nodedir=/usr.
#
# Environment:
#   N8N_HARNESS_DIR   harness root (default: <repo>/.n8n-harness)
#   N8N1_VERSION      the n8n 1.x to install (default 1.123.81)
#   HARNESS_FORCE=1   ignore the marker and re-run every step
set -euo pipefail

N8N_VERSION="${N8N1_VERSION:-1.123.81}"
NODE_MAJOR="24"
LINKEDOM_VERSION="0.18.12"
XLSX_VERSION="0.18.5"

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HARNESS_DIR="${N8N_HARNESS_DIR:-$REPO_DIR/.n8n-harness}"
INSTALL_DIR="$HARNESS_DIR/n8n1"
MARKER="$INSTALL_DIR/.harness-installed"
MARKER_CONTENT="n8n=$N8N_VERSION node=$NODE_MAJOR linkedom=$LINKEDOM_VERSION xlsx=$XLSX_VERSION"
NODE24="$INSTALL_DIR/node_modules/node/bin/node"
N8N_BIN="$INSTALL_DIR/node_modules/n8n/bin/n8n"

START=$(date +%s)
log() { printf '[n8n1-harness %4ss] %s\n' "$(( $(date +%s) - START ))" "$*"; }

case "$N8N_VERSION" in 1.*) ;; *) log "ERROR: N8N1_VERSION=$N8N_VERSION is not a 1.x"; exit 1 ;; esac

mkdir -p "$INSTALL_DIR"

# Fast path: marker present and matching, binaries present.
if [[ "${HARNESS_FORCE:-}" != "1" && -f "$MARKER" && "$(cat "$MARKER")" == "$MARKER_CONTENT" \
	&& -x "$NODE24" && -f "$N8N_BIN" ]]; then
	log "n8n $N8N_VERSION + Node $NODE_MAJOR already installed in $INSTALL_DIR (marker found)"
	exit 0
fi

# One installer at a time.
exec 9>"$HARNESS_DIR/.install-n8n1.lock"
if ! flock -n 9; then
	log "another n8n 1.x install is running; waiting for it"
	flock 9
	if [[ -f "$MARKER" && "$(cat "$MARKER")" == "$MARKER_CONTENT" ]]; then
		log "the other install finished; nothing to do"
		exit 0
	fi
fi
rm -f "$MARKER"

# Everything below runs inside the harness folder, which has its own package.json (so npm
# treats it as the project root and the repo's .npmrc does not apply; every flag is explicit).
cd "$INSTALL_DIR"
NPM_FLAGS=(--no-audit --no-fund --no-update-notifier)

node24_ok() { [[ -x "$NODE24" ]] && [[ "$("$NODE24" --version 2>/dev/null)" == v$NODE_MAJOR.* ]]; }

# --- step 1: Node 24 ------------------------------------------------------------------------
if node24_ok; then
	log "step 1/3: Node $("$NODE24" --version) already present"
else
	log "step 1/3: npm install node@$NODE_MAJOR (with install scripts: fetches the Node binary package)"
	printf '{ "name": "n8n1-harness", "private": true, "dependencies": { "node": "^%s" } }\n' "$NODE_MAJOR" >package.json
	npm install "node@$NODE_MAJOR" --ignore-scripts=false "${NPM_FLAGS[@]}" --loglevel=warn
	node24_ok || { log "ERROR: $NODE24 is not a Node $NODE_MAJOR binary"; exit 1; }
	log "step 1/3: done, $("$NODE24" --version)"
fi

# --- step 2: n8n ----------------------------------------------------------------------------
NODE24_VERSION="$("$NODE24" --version | sed 's/^v//')"
printf '{ "name": "n8n1-harness", "private": true,
  "dependencies": { "node": "%s", "n8n": "%s" },
  "overrides": { "linkedom": "%s", "xlsx": "%s" } }\n' \
	"$NODE24_VERSION" "$N8N_VERSION" "$LINKEDOM_VERSION" "$XLSX_VERSION" >package.json
log "step 2/3: npm install n8n@$N8N_VERSION --ignore-scripts (2-4 min, ~1.8 GB)"
( while sleep 30; do
	log "step 2/3: still installing ($(du -sm node_modules 2>/dev/null | cut -f1) MB in node_modules)"
done ) &
HEARTBEAT=$!
trap 'kill "$HEARTBEAT" 2>/dev/null || true' EXIT
PATH="$(dirname "$NODE24"):$PATH" npm install --ignore-scripts "${NPM_FLAGS[@]}" --loglevel=error
kill "$HEARTBEAT" 2>/dev/null || true
wait "$HEARTBEAT" 2>/dev/null || true
trap - EXIT
node24_ok || { log "ERROR: Node $NODE_MAJOR binary lost after the n8n install"; exit 1; }
log "step 2/3: done"

# --- step 3: sqlite3 native module ----------------------------------------------------------
SQLITE_DIR="$(dirname "$("$NODE24" -p "require.resolve('sqlite3/package.json', {paths:[require.resolve('n8n/package.json')]})")")"
sqlite_ok() { (cd "$INSTALL_DIR" && "$NODE24" -e "require(require.resolve('sqlite3', {paths:[require.resolve('n8n/package.json')]}))" 2>/dev/null); }
if sqlite_ok; then
	log "step 3/3: sqlite3 native module already loads ($SQLITE_DIR)"
else
	NPM_DIR="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
	GYP="$NPM_DIR/node_modules/node-gyp/bin/node-gyp.js"
	[[ -f "$GYP" ]] || GYP="$INSTALL_DIR/node_modules/node-gyp/bin/node-gyp.js"
	log "step 3/3: node-gyp rebuild --nodedir=/usr in $SQLITE_DIR (1 to 3 minutes on 2 cores)"
	(cd "$SQLITE_DIR" && node "$GYP" rebuild --nodedir=/usr -j "$(nproc)" >"$HARNESS_DIR/sqlite3-build-n8n1.log" 2>&1) || {
		tail -40 "$HARNESS_DIR/sqlite3-build-n8n1.log"
		log "ERROR: sqlite3 build failed (log: $HARNESS_DIR/sqlite3-build-n8n1.log)"
		exit 1
	}
	sqlite_ok || { log "ERROR: sqlite3 built but does not load under Node $NODE_MAJOR"; exit 1; }
	log "step 3/3: done"
fi

# --- check ----------------------------------------------------------------------------------
GOT="$(cd "$HARNESS_DIR" && PATH="$(dirname "$NODE24"):$PATH" N8N_USER_FOLDER="$HARNESS_DIR/.version-check-n8n1" \
	N8N_DIAGNOSTICS_ENABLED=false "$NODE24" "$N8N_BIN" --version 2>/dev/null | tail -1)"
rm -rf "$HARNESS_DIR/.version-check-n8n1"
if [[ "$GOT" != "$N8N_VERSION" ]]; then
	log "ERROR: n8n --version printed '$GOT', expected $N8N_VERSION"
	exit 1
fi
printf '%s' "$MARKER_CONTENT" >"$MARKER"
log "ready: n8n $GOT on Node $("$NODE24" --version) in $INSTALL_DIR ($(du -sh "$INSTALL_DIR" 2>/dev/null | cut -f1))"
