#!/usr/bin/env bash
# The benchmark on an NVIDIA GPU machine without network or node_modules (DESIGN.md, end; docs/performance.md,
# "NVIDIA GPUs"). Three steps:
#
#   bash scripts/nvidia-bench.sh bundle        here, with network: build .nvidia-bench/ (about 32 MB, ignored)
#   bash scripts/nvidia-bench.sh run OUTDIR    there, as root, in the repository's root (the tree and
#                                              .nvidia-bench/ taken along): every run below, into OUTDIR
#   bash scripts/nvidia-bench.sh pack [TAR]    or: bundle plus the working tree as one tar, for a server you copy
#                                              it to (`tar -xf TAR -C DIR && cd DIR && bash scripts/nvidia-bench.sh run OUT`)
#
# With this workplace's device tool: `bundle` here, then one call of its `run` with carry [".nvidia-bench"],
# command `bash scripts/nvidia-bench.sh run "$OUT"` and timeout_s 480 (the runs keep to NVIDIA_BENCH_BUDGET
# seconds, 420 by default, so a second try still fits a 15-minute lease).
#
# The bundle holds this machine's Node binary (xz), the CLI and the TF.js peer each bundled into one file
# (scripts/bundle-cli.mjs), the `webgpu` package's loader with its linux-x64 dawn.node (xz), the Debian debs
# of the Vulkan loader and the GL vendor libraries (NVIDIA's Vulkan driver needs libglvnd), and the commit.
# `run` unpacks them (the debs into / with dpkg -x, then ldconfig), points the Vulkan loader at NVIDIA's ICD
# and runs, most telling first, each under a time limit inside the budget:
#   bench --workload W1,W2,W3 --cudnn --save              ours and PyTorch cuDNN (fp32, TF32 off)
#   bench --workload W3 --profile                         where a W3 step's time goes, kernel by kernel
#   bench --workload W1 --compare tfjs --n 1024 --save    and TF.js webgpu, same adapter (W2, W3: --n 512,
#                                                         TF.js does ~100–200 samples/s there)
#   bench --workload W4 --cudnn --save
#   bench --workload W1 --profile, bench --workload W4 --profile
#   bench --workload W3 --profile --cell-rows 4 (and 8; W4 and W1 with 4)   the cell kernels' tile sweep
#   bench --workload W1 --profile --splits 1 (and W3)    the gradient sums unsplit, against the default
# OUTDIR gets three files (the device tool brings back at most eight): summary.txt (the machine; the
# adapter's info, features and limits as JSON, scripts/adapter-info.mjs; then each run's command and its
# table, ratios included), log.txt (progress and errors) and results.tar (the runs' bench/results files).
# Back here: `tar -xf results.tar -C bench/results && npm run bench -- --update-docs`.
# Knobs: NVIDIA_BENCH_SKIP_DEBS=1 leaves / alone; NVIDIA_BENCH_QUICK=1 shrinks every run to one batch-sized
# epoch (a dry run of the whole script on any machine); NVIDIA_BENCH_BUDGET=SECONDS; WEBGPU_LSTM_PYTHON (the
# interpreter with a CUDA PyTorch; default python3).
set -euo pipefail

DEBS=(libvulkan1 libglvnd0 libegl1 libgl1 libglx0 libopengl0 libgles2)
NVIDIA_ICD=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUNDLE=$ROOT/.nvidia-bench

bundle() {
  local lists
  rm -rf "$BUNDLE"
  mkdir -p "$BUNDLE/debs" "$BUNDLE/node_modules/webgpu/dist/linux-x64"
  echo "node $(node --version): compressing $(command -v node)" >&2
  xz -T0 -6 -c "$(command -v node)" >"$BUNDLE/node.xz"
  node "$ROOT/scripts/bundle-cli.mjs" "$BUNDLE"
  local webgpu=$ROOT/node_modules/webgpu
  test -f "$webgpu/dist/linux-x64/dawn.node" || {
    echo "nvidia-bench: $webgpu/dist/linux-x64/dawn.node is missing; run npm ci first" >&2
    exit 1
  }
  cp "$webgpu/package.json" "$webgpu/index.js" "$webgpu/LICENSE.md" "$BUNDLE/node_modules/webgpu/"
  xz -T0 -6 -c "$webgpu/dist/linux-x64/dawn.node" >"$BUNDLE/node_modules/webgpu/dist/linux-x64/dawn.node.xz"
  echo "debs: ${DEBS[*]} (amd64, apt-get download)" >&2
  lists=$(mktemp -d)
  mkdir -p "$lists/partial"
  local o=(-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 "-oDir::State::Lists=$lists" -oAPT::Sandbox::User=root)
  apt-get "${o[@]}" update >/dev/null
  (cd "$BUNDLE/debs" && apt-get "${o[@]}" download "${DEBS[@]}" >/dev/null)
  rm -rf "$lists"
  local commit
  commit=$(git -C "$ROOT" rev-parse --short HEAD)
  [ -z "$(git -C "$ROOT" status --porcelain --untracked-files=no)" ] || commit="$commit+changes"
  echo "$commit" >"$BUNDLE/COMMIT"
  local tree
  tree=$(cd "$ROOT" && git ls-files -co --exclude-standard -z | xargs -0 stat -c %s | awk '{ s += $1 } END { print s }')
  local total=$(($(du -sb "$BUNDLE" | cut -f1) + tree))
  echo "bundle: $BUNDLE $(du -sh "$BUNDLE" | cut -f1); with the working tree $((total / 1048576)) MiB (the device tool takes 64)" >&2
  [ "$total" -lt $((60 * 1048576)) ] || { echo "nvidia-bench: over 60 MiB with the tree: too big to take along" >&2; exit 1; }
}

pack() {
  local out
  out=$(realpath -m "${1:-$ROOT/nvidia-bench.tar}")
  bundle
  (cd "$ROOT" && { git ls-files -co --exclude-standard -z; find .nvidia-bench -type f -print0; } |
    grep -zv '^nvidia-bench.*\.tar$' | tar -c --null -T - -f "$out")
  echo "pack: $out ($(du -h "$out" | cut -f1)); there: mkdir DIR && tar -xf $(basename "$out") -C DIR && cd DIR && bash scripts/nvidia-bench.sh run OUTDIR" >&2
}

unxz_to() { # FILE.xz DEST: xz where there is one, Python's lzma elsewhere
  if command -v xz >/dev/null; then xz -dc "$1" >"$2"
  else python3 -c 'import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"; fi
}

run() {
  local out=${1:?usage: bash scripts/nvidia-bench.sh run OUTDIR}
  local started=$SECONDS budget=${NVIDIA_BENCH_BUDGET:-420}
  test -f "$BUNDLE/node.xz" -a -f "$BUNDLE/cli/webgpu-lstm.mjs" || {
    echo "nvidia-bench: no bundle in $BUNDLE: run 'bash scripts/nvidia-bench.sh bundle' where there is network" >&2
    exit 2
  }
  mkdir -p "$out"
  out=$(cd "$out" && pwd)
  local summary=$out/summary.txt log=$out/log.txt
  : >"$summary"
  : >"$log"
  local node=$BUNDLE/node dawn=$BUNDLE/node_modules/webgpu/dist/linux-x64/dawn.node
  [ -x "$node" ] || { unxz_to "$BUNDLE/node.xz" "$node"; chmod +x "$node"; }
  [ -f "$dawn" ] || unxz_to "$dawn.xz" "$dawn"
  if [ "${NVIDIA_BENCH_SKIP_DEBS:-0}" != 1 ]; then
    [ "$(id -u)" = 0 ] || { echo "nvidia-bench: unpacking the debs into / needs root" >&2; exit 2; }
    for f in "$BUNDLE"/debs/*.deb; do dpkg -x "$f" /; done
    ldconfig
  fi
  if [ -z "${VK_DRIVER_FILES:-}" ] && [ -f "$NVIDIA_ICD" ]; then export VK_DRIVER_FILES=$NVIDIA_ICD; fi
  [ -n "${VK_DRIVER_FILES:-}" ] || echo "nvidia-bench: no $NVIDIA_ICD; Dawn takes whatever Vulkan driver it finds" | tee -a "$log" >&2
  export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
  export WEBGPU_LSTM_TFJS_PEER=$BUNDLE/peers/tfjs.mjs WEBGPU_LSTM_PYTHON=${WEBGPU_LSTM_PYTHON:-python3}
  WEBGPU_LSTM_COMMIT=$(cat "$BUNDLE/COMMIT" 2>/dev/null || echo unknown)
  export WEBGPU_LSTM_COMMIT
  {
    echo "commit $WEBGPU_LSTM_COMMIT; node $("$node" --version), $(nproc) cores, $(uname -srm)"
    echo "VK_DRIVER_FILES=${VK_DRIVER_FILES:-} python: $WEBGPU_LSTM_PYTHON"
    nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv,noheader 2>&1 || true
  } | tee -a "$summary" >&2
  # What the adapter offers (subgroup sizes, f16, subgroup matrices, limits): what the next kernels can use.
  timeout 30 "$node" "$ROOT/scripts/adapter-info.mjs" "$BUNDLE/node_modules/webgpu" >>"$summary" 2>>"$log" || true
  echo >>"$summary"

  local quick=()
  [ "${NVIDIA_BENCH_QUICK:-0}" != 1 ] || quick=(--n 64 --epochs 1)
  local before
  before=$(ls "$ROOT/bench/results")
  local rc=0
  # step LIMIT ARGS...: one bench run, cut at LIMIT seconds or what is left of the budget.
  step() {
    local limit=$1 left=$((budget - (SECONDS - started)))
    shift
    [ "$left" -lt "$limit" ] && limit=$left
    if [ "$limit" -lt 10 ]; then
      echo "== skipped (budget of ${budget} s spent): bench $*" | tee -a "$summary" "$log" >&2
      rc=1
      return
    fi
    local args=() i
    for ((i = 1; i <= $#; i++)); do # a quick run drops the step's own --n for its own
      if [ ${#quick[@]} -gt 0 ] && [ "${!i}" = --n ]; then i=$((i + 1)); else args+=("${!i}"); fi
    done
    args+=("${quick[@]}")
    echo "== bench ${args[*]} (limit ${limit} s, at $((SECONDS - started)) s)" | tee -a "$summary" "$log" >&2
    local code=0
    (cd "$ROOT" && timeout -k 5 "$limit" "$node" "$BUNDLE/cli/webgpu-lstm.mjs" bench "${args[@]}") \
      >>"$summary" 2> >(tee -a "$log" >&2) || code=$?
    [ "$code" = 0 ] || { echo "== exit $code" | tee -a "$summary" "$log" >&2; rc=1; }
    echo >>"$summary"
  }
  step 150 --workload W1,W2,W3 --cudnn --save
  step 45 --workload W3 --profile
  step 80 --workload W1 --compare tfjs --n 1024 --save
  step 80 --workload W2 --compare tfjs --n 512 --save
  step 80 --workload W3 --compare tfjs --n 512 --save
  step 150 --workload W4 --cudnn --save
  step 45 --workload W1 --profile
  step 60 --workload W4 --profile
  # Tile sweep of the fused cell kernels (default 16 thread rows at these batches): which fills the GPU best.
  step 45 --workload W3 --profile --cell-rows 4
  step 45 --workload W3 --profile --cell-rows 8
  step 60 --workload W4 --profile --cell-rows 4
  step 45 --workload W1 --profile --cell-rows 4
  # Split weight/bias-gradient sums (on by default on GPUs) against none: W1's dU is 16 tiles walking K = 8,192.
  step 45 --workload W1 --profile --splits 1
  step 45 --workload W3 --profile --splits 1

  local new=()
  for f in "$ROOT"/bench/results/*.json; do
    grep -qxF "$(basename "$f")" <<<"$before" || new+=("$(basename "$f")")
  done
  if [ ${#new[@]} -gt 0 ]; then tar -cf "$out/results.tar" -C "$ROOT/bench/results" "${new[@]}"; fi
  echo "nvidia-bench: ${#new[@]} results file(s), $((SECONDS - started)) s; exit $rc; in $out" | tee -a "$summary" "$log" >&2
  return $rc
}

case "${1:-}" in
  bundle) bundle ;;
  pack) shift; pack "$@" ;;
  run) shift; run "$@" ;;
  *) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 2 ;;
esac
