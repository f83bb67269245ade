#!/usr/bin/env bash
# Set up the dkbm-sim development environment. Safe to re-run: when nothing changed it returns at once.
#
# Usage: scripts/setup.sh [--with-browser]
#
#   --with-browser   also make sure Chromium (/usr/bin/chromium) is there for the browser tests;
#                    installs the Debian package `chromium` with apt-get when it is missing.
#                    Same as DKBM_WITH_BROWSER=1.
#
# Environment:
#   PYTHON=/path/to/python3.12   interpreter for the venv (must be >= 3.12); default: search for one
#   DKBM_WITH_BROWSER=1          same as --with-browser
#   VERBOSE=1                    show pip's full output
#
# Steps:
#   1. .venv: (re)created from a Python >= 3.12 when missing, broken, too old or not the PYTHON given.
#   2. pip install -U pip; pip install -e ".[test]" -- skipped while .venv/.installed-<sha256 of
#      pyproject.toml> exists (the stamp is written only after a successful install).
#   3. python -m models.warmup: compile the numba kernel into its on-disk cache.
#   4. Chromium (only with --with-browser).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

VENV=.venv
MIN_PY=(3 12)
MIN_PY_STR="${MIN_PY[0]}.${MIN_PY[1]}"
CHROMIUM=/usr/bin/chromium

log() { echo "setup: $*" >&2; }
die() {
    local code=$1
    shift
    echo "error: $*" >&2
    exit "$code"
}

with_browser=0
case "${DKBM_WITH_BROWSER:-0}" in 1 | yes | true) with_browser=1 ;; esac
for arg in "$@"; do
    case "$arg" in
        --with-browser) with_browser=1 ;;
        --no-browser) with_browser=0 ;;
        -h | --help)
            sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
            exit 0
            ;;
        *) die 2 "unknown argument: $arg (try --help)" ;;
    esac
done

# --- Python -------------------------------------------------------------------------------------

# py_version PY: print "X.Y.Z" of interpreter PY, or fail if it does not run.
py_version() {
    "$1" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null
}

# py_ok PY: true if PY runs, is >= MIN_PY and can create a venv with pip in it.
py_ok() {
    "$1" -c "
import sys
if sys.version_info < (${MIN_PY[0]}, ${MIN_PY[1]}):
    sys.exit(1)
import venv, ensurepip
" >/dev/null 2>&1
}

find_python() {
    if [[ -n "${PYTHON:-}" ]]; then
        local v
        if ! v=$(py_version "$PYTHON"); then
            die 2 "PYTHON=$PYTHON does not run. dkbm-sim needs Python >= $MIN_PY_STR."
        fi
        if ! "$PYTHON" -c "import sys; sys.exit(sys.version_info < (${MIN_PY[0]}, ${MIN_PY[1]}))" 2>/dev/null; then
            die 2 "PYTHON=$PYTHON is Python $v; dkbm-sim needs Python >= $MIN_PY_STR."
        fi
        if ! py_ok "$PYTHON"; then
            die 2 "PYTHON=$PYTHON ($v) has no venv/ensurepip module (Debian: apt-get install python3-venv or python$(cut -d. -f1,2 <<<"$v")-venv)."
        fi
        echo "$PYTHON"
        return 0
    fi

    local candidates=() c pyenv_root=""
    for c in python3.13 python3.12 python3; do
        if command -v "$c" >/dev/null 2>&1; then candidates+=("$(command -v "$c")"); fi
    done
    if [[ -n "${PYENV_ROOT:-}" ]]; then
        pyenv_root=$PYENV_ROOT
    elif command -v pyenv >/dev/null 2>&1; then
        pyenv_root=$(pyenv root 2>/dev/null || true)
    fi
    [[ -n "$pyenv_root" ]] || pyenv_root="$HOME/.pyenv"
    # newest first
    while IFS= read -r c; do
        [[ -n "$c" ]] && candidates+=("$c")
    done < <(ls -d "$pyenv_root"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV)
    for c in /usr/bin/python3.1[2-9] /usr/local/bin/python3.1[2-9] /usr/bin/python3 /usr/local/bin/python3; do
        [[ -x "$c" ]] && candidates+=("$c")
    done

    local no_venv=""
    for c in "${candidates[@]}"; do
        if py_ok "$c"; then
            echo "$c"
            return 0
        fi
        # right version, but no venv module (Debian without pythonX.Y-venv)
        if "$c" -c "import sys; sys.exit(sys.version_info < (${MIN_PY[0]}, ${MIN_PY[1]}))" >/dev/null 2>&1; then
            no_venv=$c
        fi
    done
    if [[ -n "$no_venv" ]]; then
        die 2 "found $no_venv but it lacks the venv/ensurepip module (Debian: apt-get install python3-venv). Or set PYTHON=/path/to/python$MIN_PY_STR"
    fi
    die 2 "dkbm-sim needs Python >= $MIN_PY_STR; none found. Install one or set PYTHON=/path/to/python$MIN_PY_STR"
}

# venv_ok: true if .venv/bin/python runs, is >= MIN_PY and has pip.
venv_ok() {
    [[ -x "$VENV/bin/python" ]] &&
        "$VENV/bin/python" -c "import sys; sys.exit(sys.version_info < (${MIN_PY[0]}, ${MIN_PY[1]}))" >/dev/null 2>&1 &&
        [[ -n "$(ls "$VENV"/lib/python3.*/site-packages/pip/__init__.py 2>/dev/null)" ]]
}

need_venv=0
if ! venv_ok; then
    need_venv=1
    [[ -e "$VENV" ]] && log "$VENV is missing, broken or older than Python $MIN_PY_STR: recreating it"
fi
if [[ -n "${PYTHON:-}" ]]; then
    # An explicit PYTHON is always checked, and wins over an existing venv of another version.
    py=$(find_python)
    if [[ $need_venv == 0 && "$(py_version "$VENV/bin/python")" != "$(py_version "$py")" ]]; then
        log "$VENV uses Python $(py_version "$VENV/bin/python"), PYTHON=$PYTHON is $(py_version "$py"): recreating it"
        need_venv=1
    fi
fi

if [[ $need_venv == 1 ]]; then
    [[ -n "${py:-}" ]] || py=$(find_python)
    log "creating $VENV with $py (Python $(py_version "$py"))"
    rm -rf "$VENV"
    "$py" -m venv "$VENV"
fi

# --- Python packages ----------------------------------------------------------------------------

stamp="$VENV/.installed-$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [[ -e "$stamp" ]]; then
    log "Python packages up to date ($VENV, Python $(py_version "$VENV/bin/python"))"
else
    pip_opts=(--disable-pip-version-check --no-input)
    [[ "${VERBOSE:-0}" == 1 ]] || pip_opts+=(--quiet)
    log "upgrading pip"
    "$VENV/bin/python" -m pip install "${pip_opts[@]}" --upgrade pip
    log "installing dkbm-sim and its test dependencies (pip install -e \".[test]\"; a cold install takes a few minutes)"
    start=$SECONDS
    "$VENV/bin/python" -m pip install "${pip_opts[@]}" -e ".[test]"
    rm -f "$VENV"/.installed-*
    touch "$stamp"
    log "Python packages installed in $((SECONDS - start)) s"
fi

# --- Compiled kernel ------------------------------------------------------------------------------
# numba compiles the monthly step once (15-30 s) and caches it beside the source; later runs
# load it in well under a second. Re-running is cheap, and recompiles after a kernel change.
"$VENV/bin/python" -m models.warmup >&2

# --- Chromium for the browser tests ---------------------------------------------------------------

if [[ $with_browser == 1 ]]; then
    if [[ -x "$CHROMIUM" ]]; then
        log "chromium present ($CHROMIUM)"
    else
        sudo=()
        if [[ $(id -u) != 0 ]]; then
            if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
                sudo=(sudo -n)
            else
                die 1 "browser tests need $CHROMIUM, which is missing, and installing it needs root: run 'sudo apt-get install -y chromium' (Debian), then re-run."
            fi
        fi
        command -v apt-get >/dev/null 2>&1 ||
            die 1 "browser tests need $CHROMIUM, which is missing, and there is no apt-get here: install Chromium so that $CHROMIUM exists."
        log "installing Debian package chromium (apt-get; about 30 s)"
        start=$SECONDS
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
        [[ -x "$CHROMIUM" ]] || die 1 "apt-get installed chromium but $CHROMIUM is still missing"
        log "chromium installed in $((SECONDS - start)) s"
    fi
fi

log "done"
