#!/usr/bin/env bash
# Installs a real n8n 2.41.1 and a Node 24 binary into .n8n-harness/n8n (git-ignored).
# Idempotent: once the marker file is written, a second run only checks it and exits.
#
# Recipe (see shared/n8n-on-this-machine.md):
#   1. npm install node@24 with scripts ON (its preinstall fetches the Node 24 binary package)
#   2. npm install n8n@2.41.1 with scripts OFF (kafka's librdkafka build would download zlib),
#      pinning linkedom 0.18.12 (newer ones need `cssomnom`, missing from the registry here),
#      from the lockfile scripts/harness/package-lock.json: npm skips resolving n8n's ~2,200
#      packages (3 minutes on 2 cores) and takes the tarballs from its cache when it has them
#      (--prefer-offline, as `npm ci` would). The lockfile is what this recipe resolved on
#      2026-12-07 (n8n 2.41.1, Node 24.21.0); delete it to resolve afresh, then copy the new
#      .n8n-harness/n8n/package-lock.json back.
#   3. build the one native module n8n needs to start: sqlite3 (N-API, headers from /usr)
#
# Environment:
#   N8N_HARNESS_DIR   harness root (default: <repo>/.n8n-harness)
#   HARNESS_FORCE=1   ignore the marker and re-run every step
set -euo pipefail

N8N_VERSION="2.41.1"
NODE_MAJOR="24"
NODE_VERSION="24.21.0" # the Node 24 of scripts/harness/package-lock.json
LINKEDOM_VERSION="0.18.12"

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HARNESS_DIR="${N8N_HARNESS_DIR:-$REPO_DIR/.n8n-harness}"
INSTALL_DIR="$HARNESS_DIR/n8n"
MARKER="$INSTALL_DIR/.harness-installed"
MARKER_CONTENT="n8n=$N8N_VERSION node=$NODE_MAJOR linkedom=$LINKEDOM_VERSION"
NODE24="$INSTALL_DIR/node_modules/node/bin/node"
N8N_BIN="$INSTALL_DIR/node_modules/n8n/bin/n8n"

START=$(date +%s)
log() { printf '[harness %4ss] %s\n' "$(( $(date +%s) - START ))" "$*"; }

mkdir -p "$INSTALL_DIR"

# Fast path: marker present and matching, binaries present.
if [[ "${HARNESS_FORCE:-}" != "1" && -f "$MARKER" && "$(cat "$MARKER")" == "$MARKER_CONTENT" \
	&& -x "$NODE24" && -f "$N8N_BIN" ]]; then
	log "n8n $N8N_VERSION + Node $NODE_MAJOR already installed in $INSTALL_DIR (marker found)"
	exit 0
fi

# One installer at a time (npm run dev and npm run test:e2e may both call this).
exec 9>"$HARNESS_DIR/.install.lock"
if ! flock -n 9; then
	log "another harness install is running; waiting for it"
	flock 9
	if [[ -f "$MARKER" && "$(cat "$MARKER")" == "$MARKER_CONTENT" ]]; then
		log "the other install finished; nothing to do"
		exit 0
	fi
fi
rm -f "$MARKER"

cd "$INSTALL_DIR"
# The harness folder has its own package.json, so npm uses it as the project root and the
# repo's .npmrc (ignore-scripts=true) does not apply here; every flag below is explicit anyway.
NPM_FLAGS=(--no-audit --no-fund --no-update-notifier --loglevel=warn)

node24_ok() { [[ -x "$NODE24" ]] && [[ "$("$NODE24" --version 2>/dev/null)" == v$NODE_MAJOR.* ]]; }

# --- step 1: Node 24 ------------------------------------------------------------------------
if node24_ok; then
	log "step 1/3: Node $("$NODE24" --version) already present"
else
	log "step 1/3: npm install node@$NODE_VERSION (with install scripts: fetches the Node binary package)"
	# allowScripts approves node's preinstall (the one install script this harness runs); npm 11.16+
	# otherwise ends with an advisory "install scripts not yet covered by allowScripts … Run npm
	# install-scripts ls", which asks nothing of the user here. Older npm ignores the field.
	cat >package.json <<EOF
{ "name": "n8n-harness", "private": true,
  "dependencies": { "node": "^$NODE_MAJOR" },
  "allowScripts": { "node": true } }
EOF
	npm install "node@$NODE_VERSION" --ignore-scripts=false --prefer-offline "${NPM_FLAGS[@]}"
	node24_ok || { log "ERROR: $NODE24 is not a Node $NODE_MAJOR binary"; exit 1; }
	log "step 1/3: done, $("$NODE24" --version)"
fi

# --- step 2: n8n ----------------------------------------------------------------------------
NODE24_VERSION="$("$NODE24" --version | sed 's/^v//')"
cat >package.json <<EOF
{ "name": "n8n-harness", "private": true,
  "dependencies": { "node": "$NODE24_VERSION", "n8n": "$N8N_VERSION" },
  "overrides": { "linkedom": "$LINKEDOM_VERSION" },
  "allowScripts": { "node": true } }
EOF
LOCK="$REPO_DIR/scripts/harness/package-lock.json"
if [[ -f "$LOCK" && "$NODE24_VERSION" == "$NODE_VERSION" ]]; then
	cp "$LOCK" package-lock.json
	log "step 2/3: npm install n8n@$N8N_VERSION --ignore-scripts from scripts/harness/package-lock.json (~2.8 GB: 1 to 3 minutes from npm's cache, longer when it downloads)"
else
	log "step 2/3: npm install n8n@$N8N_VERSION --ignore-scripts (the long step, ~2.8 GB: 4 to 10 minutes, 8.2 on a busy 2-core machine)"
	log "step 2/3: npm first resolves n8n's ~2,200 packages: for 2 to 5 minutes node_modules does not"
	log "step 2/3: grow (it stays near 190 MB, the Node 24 binary); that is expected, not stuck"
fi
# npm itself runs on Node 24 here (n8n's dependencies declare node >= 22: no EBADENGINE noise);
# peer-dependency warnings are n8n's own, so only errors are printed, plus a heartbeat.
( last=""; while sleep 30; do
	size="$(du -sm node_modules 2>/dev/null | cut -f1)"
	if [[ "$size" == "$last" ]]; then
		log "step 2/3: still resolving packages ($size MB in node_modules, unchanged: expected for the first 2 to 5 min)"
	else
		log "step 2/3: still installing ($size MB in node_modules)"
	fi
	last="$size"
done ) &
HEARTBEAT=$!
trap 'kill "$HEARTBEAT" 2>/dev/null || true' EXIT
PATH="$(dirname "$NODE24"):$PATH" npm install --ignore-scripts --prefer-offline "${NPM_FLAGS[@]}" --loglevel=error
kill "$HEARTBEAT" 2>/dev/null || true
wait "$HEARTBEAT" 2>/dev/null || true
trap - EXIT
# the second install must not have pruned the binary that step 1's preinstall fetched
node24_ok || { log "ERROR: Node $NODE_MAJOR binary lost after the n8n install"; exit 1; }
log "step 2/3: done"

# --- step 3: sqlite3 native module ----------------------------------------------------------
SQLITE_DIR="$(dirname "$("$NODE24" -p "require.resolve('sqlite3/package.json', {paths:[require.resolve('n8n/package.json')]})")")"
sqlite_ok() { (cd "$INSTALL_DIR" && "$NODE24" -e "require(require.resolve('sqlite3', {paths:[require.resolve('n8n/package.json')]}))" 2>/dev/null); }
if sqlite_ok; then
	log "step 3/3: sqlite3 native module already loads ($SQLITE_DIR)"
else
	# node-gyp: npm's own copy (recent), else the one in the tree (sqlite3's optional dependency)
	NPM_DIR="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
	GYP="$NPM_DIR/node_modules/node-gyp/bin/node-gyp.js"
	[[ -f "$GYP" ]] || GYP="$INSTALL_DIR/node_modules/node-gyp/bin/node-gyp.js"
	log "step 3/3: node-gyp rebuild --nodedir=/usr in $SQLITE_DIR (1 to 3 minutes on 2 cores)"
	(cd "$SQLITE_DIR" && node "$GYP" rebuild --nodedir=/usr -j "$(nproc)" >"$HARNESS_DIR/sqlite3-build.log" 2>&1) || {
		tail -40 "$HARNESS_DIR/sqlite3-build.log"
		log "ERROR: sqlite3 build failed (log: $HARNESS_DIR/sqlite3-build.log)"
		exit 1
	}
	sqlite_ok || { log "ERROR: sqlite3 built but does not load under Node $NODE_MAJOR"; exit 1; }
	log "step 3/3: done"
fi

# --- check ----------------------------------------------------------------------------------
GOT="$(cd "$HARNESS_DIR" && PATH="$(dirname "$NODE24"):$PATH" N8N_USER_FOLDER="$HARNESS_DIR/.version-check" \
	N8N_DIAGNOSTICS_ENABLED=false "$NODE24" "$N8N_BIN" --version 2>/dev/null | tail -1)"
rm -rf "$HARNESS_DIR/.version-check"
if [[ "$GOT" != "$N8N_VERSION" ]]; then
	log "ERROR: n8n --version printed '$GOT', expected $N8N_VERSION"
	exit 1
fi
printf '%s' "$MARKER_CONTENT" >"$MARKER"
log "ready: n8n $GOT on Node $("$NODE24" --version) in $INSTALL_DIR ($(du -sh "$INSTALL_DIR" 2>/dev/null | cut -f1))"
