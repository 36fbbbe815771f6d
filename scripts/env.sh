# Sourced by the scripts: PATH for the project-local tools, and a build cache
# outside the clone so a fresh clone (and CI) reuses compiled crates.
export PATH="$HOME/.cargo/bin:$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tools/node_modules/.bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kd-playground/target}"
