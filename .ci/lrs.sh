# shellcheck shell=bash
# A Learning Record Store for the xAPI tests; sourced by .ci/run after services.sh (or by
# hand: `. .ci/lrs.sh`).
#
# (Ralph 5.1 has no backend-fs extra: the file backend is built in; `cli` brings
# `ralph runserver`, and its OIDC module imports requests, which no extra pulls in.)
# Ralph (ralph-malph) pins old click, fastapi and pydantic releases, so it lives in a venv
# of its own and never beside the app. This script only installs it and exports
#   FRONTLIJN_RALPH=/path/to/that/venv/bin
# The tests start `ralph runserver -b fs` themselves, one server per test on a free
# loopback port with a fresh data folder and an auth file of its own (Ralph's file
# backend accepts one write per data folder), and import Ralph's xAPI pydantic models
# with that venv's python to validate every exported statement.
# Any failure returns non-zero: with `set -e` in .ci/run a missing LRS stops CI instead of
# silently skipping the xAPI tests.

_frontlijn_lrs_setup() {
  local here venv check='import ralph.models.xapi, ralph.cli, bcrypt, requests, uvicorn'
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)" || return 1
  venv="${FRONTLIJN_RALPH_VENV:-$here/.ralph-venv}"
  if [ ! -x "$venv/bin/ralph" ] || ! "$venv/bin/python" -c "$check" 2>/dev/null; then
    echo "lrs: installing Ralph 5.1.0 into $venv" >&2
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv" || return 1
    printf '*\n' >"$venv/.gitignore"
    "$venv/bin/python" -m pip install -q --upgrade pip || return 1
    "$venv/bin/python" -m pip install -q "ralph-malph[cli,lrs]==5.1.0" requests || return 1
  fi
  "$venv/bin/python" -c "$check" || return 1
  export FRONTLIJN_RALPH="$venv/bin"
  echo "lrs: Ralph $("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("ralph-malph"))') in $venv" >&2
}

_frontlijn_lrs_setup
