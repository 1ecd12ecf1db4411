# Sourced by the scripts: create .venv on first use and keep it in step with pyproject.toml.
# torch is pinned through constraints.txt: any other torch pulls gigabytes of CUDA packages.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

ensure_venv() {
    local extras="${1:-}"
    local spec="$ROOT"
    [ -n "$extras" ] && spec="$ROOT[$extras]"
    local stamp_file="$VENV/.distill-installed"
    local hash want
    hash="$(cat "$ROOT/pyproject.toml" "$ROOT/constraints.txt" | sha256sum | cut -c1-16)"
    want="$hash-$extras"
    if [ -x "$PY" ] && [ -f "$stamp_file" ]; then
        # the test set includes the base set, so any install of this hash serves the base
        if grep -qxF -- "$want" "$stamp_file" || { [ -z "$extras" ] && grep -q "^$hash-" "$stamp_file"; }; then
            return 0
        fi
    fi
    echo "distill: installing into $VENV (first run takes a few minutes)..." >&2
    [ -x "$PY" ] || python3 -m venv "$VENV"
    # The machine's pip 23.2 crashes on readability-lxml's lxml[html_clean] extra.
    "$PY" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$PY" -m pip install --quiet --disable-pip-version-check -c "$ROOT/constraints.txt" -e "$spec"
    # One stamp line per extras set already installed (the test set includes the base set).
    echo "$want" >> "$stamp_file"
}

# The static sentence model is distilled once from the packaged MiniLM (about 20 s), offline.
ensure_model() {
    "$VENV/bin/distill" model build
}
