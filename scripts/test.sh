#!/usr/bin/env bash
# Every check, in order: types, lint/format, unit + GPU tests (vitest), production build, browser e2e.
# Needs the system packages from `bash .ci/install-system-deps` (chromium, Mesa lavapipe, Vulkan loader).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -w "${XDG_RUNTIME_DIR}" ]; then
  XDG_RUNTIME_DIR="$(mktemp -d -t xdg-runtime-XXXXXX)"
  chmod 700 "$XDG_RUNTIME_DIR"
  export XDG_RUNTIME_DIR
  trap 'rm -rf "$XDG_RUNTIME_DIR"' EXIT
fi

step() {
  local name="$1"
  shift
  echo
  echo "==> $name: $*"
  local start=$SECONDS
  "$@"
  echo "<== $name ok ($((SECONDS - start)) s)"
}

step typecheck npx tsc --noEmit -p .
step lint npx biome check .
step unit npx vitest run
step build npx vite build
step e2e node e2e/run.mjs
echo
echo "All checks passed."
