#!/usr/bin/env bash
# Installs whatever this machine lacks to build (and, with `--test`, to test) Docket.
# Idempotent: every step checks first, so on a ready machine it takes a second or two.
# Meant to be sourced by scripts/serve.sh and scripts/test.sh (it exports PATH).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock, exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

note() { printf '\033[1m==> %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  note "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  note "Installing Trunk $TRUNK_VERSION (about 10 minutes on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
  note "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes)"
  # Not --locked: its lock file names a webpki-roots release this registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# Cuts the release wasm into the parts that load when first used (scripts/wasm.mjs); the same
# version as the wasm_split_helpers in Cargo.lock, which writes the marks it reads.
WASM_SPLIT_VERSION=$(awk '/^name = "wasm_split_helpers"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! command -v wasm-split-cli >/dev/null \
  || ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  note "Installing wasm-split-cli $WASM_SPLIT_VERSION (about 2 minutes)"
  cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --force
fi

# Node: the major in package.json's "engines" (the e2e runner's behaviour changes between majors).
node_major=$(node -p 'process.versions.node.split(".")[0]')
wanted=$(node -p 'require("./package.json").engines.node')
if ! node -e 'const [lo, hi] = require("./package.json").engines.node.match(/\d+/g).map(Number); const m = +process.versions.node.split(".")[0]; process.exit(m >= lo && m < hi ? 0 : 1)'; then
  echo "Node $node_major is here; Docket's tools need node $wanted (package.json engines)." >&2
  exit 1
fi

# wasm-opt (npm binaryen 132; Debian's 108 breaks the page), playwright-core, and the sync tests'
# CouchDB-compatible server (express-pouchdb over PouchDB's memory adapter).
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  note "Installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "${1:-}" = "--test" ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    note "Installing Chromium and ChromeDriver from Debian"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
  fi
fi
