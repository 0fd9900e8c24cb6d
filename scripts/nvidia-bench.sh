#!/usr/bin/env bash
# The benchmark on a headless NVIDIA server without network (DESIGN.md, end; docs/performance.md, "NVIDIA").
#
#   bash scripts/nvidia-bench.sh pack [BUNDLE.tar]    here, with network: build the bundle
#   bash run.sh OUTDIR                                 there, as root, inside the unpacked bundle
#
# The bundle holds: this Node binary (node.xz), the repository's working tree (tracked and untracked files
# git does not ignore, so uncommitted work is measured too) with the node_modules the CLI and the
# TensorFlow.js peer need (no source maps; the `webgpu` package's linux-x64 dawn.node only), and the Debian
# debs of the Vulkan loader and GL vendor libraries (`apt-get download`). On the server `run.sh` unpacks the
# debs into / (dpkg -x, ldconfig), points the Vulkan loader at NVIDIA's ICD, and runs:
#   bench --workload W1,W2,W3,W4 --json --save           our engine
#   bench --workload W1,W2,W3 --compare tfjs --json --save   and TensorFlow.js webgpu, same adapter
#   bench --workload W3 --profile                        where a W3 step's time and memory go
# writing under OUTDIR: *.jsonl (the rows), *.log (progress), profile-W3.txt, the bench/results files and
# table.md (the docs table of these runs). Copy OUTDIR/results/*.json into bench/results here and run
# `npm run bench -- --update-docs` to put them in docs/performance.md.
# Knobs (for trying the run step on a machine without NVIDIA): NVIDIA_BENCH_SKIP_DEBS=1 leaves / alone,
# NVIDIA_BENCH_ARGS="--n 64 --epochs 1" is added to every bench, NVIDIA_BENCH_WORKLOADS=W1,W2 narrows them,
# NVIDIA_BENCH_PROFILE=W2 profiles another workload than W3.
set -euo pipefail

DEBS=(libvulkan1 libglvnd0 libegl1 libgl1 libglx0 libopengl0 libgles2)
NVIDIA_ICD=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json

pack() {
  local root out stage
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  out=$(realpath -m "${1:-$root/nvidia-bench.tar}")
  stage=$(mktemp -d)
  trap "rm -rf '$stage'" EXIT
  mkdir -p "$stage/repo" "$stage/debs"
  echo "node $(node --version): compressing $(command -v node)" >&2
  xz -T0 -6 -c "$(command -v node)" >"$stage/node.xz"
  echo "repository: $root" >&2
  (cd "$root" && git ls-files -co --exclude-standard -z | grep -zv '^nvidia-bench\|^node_modules' | tar -c --null -T - -f -) |
    tar -x -C "$stage/repo"
  # node_modules: what package.json's dependencies and the TF.js peer pull in, resolved like Node does.
  (cd "$root" && node -e '
    const fs = require("fs"), path = require("path");
    const seen = new Set();
    const pkg = (dir) => JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    function resolve(from, name) {
      for (let d = from; ; d = path.dirname(d)) {
        const p = path.join(d, "node_modules", name);
        if (fs.existsSync(path.join(p, "package.json"))) return p;
        if (d === path.dirname(d) || d === process.cwd()) return null;
      }
    }
    function walk(dir, names, optional) {
      for (const n of names) {
        const p = resolve(dir, n);
        if (!p) { if (!optional.has(n)) throw new Error(`missing ${n} (from ${dir})`); continue; }
        if (seen.has(p)) continue;
        seen.add(p);
        const j = pkg(p);
        const opt = new Set(Object.keys(j.optionalDependencies ?? {}));
        walk(p, [...Object.keys(j.dependencies ?? {}), ...opt], opt);
      }
    }
    const root = pkg(".");
    walk(process.cwd(), [...Object.keys(root.dependencies), "@tensorflow/tfjs", "@tensorflow/tfjs-backend-webgpu"], new Set());
    for (const p of seen) console.log(path.relative(process.cwd(), p));
  ' >"$stage/modules.txt")
  echo "node_modules: $(wc -l <"$stage/modules.txt") packages" >&2
  (cd "$root" && tar -c -f - --exclude='*.map' --exclude='node_modules/webgpu/dist/darwin-*' \
    --exclude='node_modules/webgpu/dist/win32-*' --exclude='node_modules/webgpu/dist/linux-arm64' \
    -T "$stage/modules.txt") | tar -x -C "$stage/repo"
  test -f "$stage/repo/node_modules/webgpu/dist/linux-x64/dawn.node" || {
    echo "nvidia-bench: node_modules/webgpu/dist/linux-x64/dawn.node is missing; run npm ci first" >&2
    exit 1
  }
  echo "debs: ${DEBS[*]} (amd64, apt-get download)" >&2
  local lists
  lists=$(mktemp -d)
  mkdir -p "$lists/partial"
  local o=(-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 "-oDir::State::Lists=$lists" -oAPT::Sandbox::User=root)
  apt-get "${o[@]}" update >/dev/null
  (cd "$stage/debs" && apt-get "${o[@]}" download "${DEBS[@]}" >/dev/null)
  rm -rf "$lists"
  cp "$root/scripts/nvidia-bench.sh" "$stage/run.sh"
  tar -c -f "$out" -C "$stage" node.xz debs repo run.sh
  echo "bundle: $out ($(du -h "$out" | cut -f1)); on the server: tar -xf $(basename "$out") && bash run.sh OUTDIR" >&2
}

run() {
  local here out node args workloads
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  out=$(realpath -m "${1:?usage: bash run.sh OUTDIR}")
  test -d "$here/repo" -a -f "$here/node.xz" || {
    echo "nvidia-bench: run.sh must be run from an unpacked bundle (node.xz, debs/, repo/ beside it)" >&2
    exit 2
  }
  mkdir -p "$out/results"
  node="$here/node"
  if [ ! -x "$node" ]; then
    if command -v xz >/dev/null; then xz -dc "$here/node.xz" >"$node"
    else python3 -c 'import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' \
      "$here/node.xz" "$node"; fi
    chmod +x "$node"
  fi
  if [ "${NVIDIA_BENCH_SKIP_DEBS:-0}" != 1 ]; then
    [ "$(id -u)" = 0 ] || { echo "nvidia-bench: unpacking the debs into / needs root" >&2; exit 2; }
    for f in "$here"/debs/*.deb; do dpkg -x "$f" /; done
    ldconfig
  fi
  if [ -z "${VK_DRIVER_FILES:-}" ] && [ -f "$NVIDIA_ICD" ]; then export VK_DRIVER_FILES=$NVIDIA_ICD; fi
  [ -n "${VK_DRIVER_FILES:-}" ] || echo "nvidia-bench: no $NVIDIA_ICD; Dawn takes whatever Vulkan driver it finds" >&2
  export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
  read -r -a args <<<"${NVIDIA_BENCH_ARGS:-}"
  workloads=${NVIDIA_BENCH_WORKLOADS:-W1,W2,W3,W4}
  # TF.js would need about half an hour for W4's 4 epochs on an H200 (DESIGN.md's figures): W1–W3 only.
  local tfjs_workloads
  tfjs_workloads=$(tr , '\n' <<<"$workloads" | grep -vx W4 | paste -sd, || true)
  cd "$here/repo"
  local bench=("$node" bin/webgpu-lstm.mjs bench)
  local before
  before=$(ls bench/results 2>/dev/null || true)
  {
    echo "node $("$node" --version), $(nproc) cores, $(uname -srm), VK_DRIVER_FILES=${VK_DRIVER_FILES:-}"
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || true
  } | tee "$out/machine.txt" >&2
  local rc=0
  "${bench[@]}" --workload "$workloads" --json --save "${args[@]}" >"$out/engine.jsonl" 2> >(tee "$out/engine.log" >&2) || rc=$?
  if [ -n "$tfjs_workloads" ]; then
    "${bench[@]}" --workload "$tfjs_workloads" --compare tfjs --json --save "${args[@]}" \
      >"$out/compare-tfjs.jsonl" 2> >(tee "$out/compare-tfjs.log" >&2) || rc=$?
  fi
  local profile=${NVIDIA_BENCH_PROFILE:-W3}
  "${bench[@]}" --workload "$profile" --profile "${args[@]}" >"$out/profile-$profile.txt" \
    2> >(tee "$out/profile-$profile.log" >&2) || rc=$?
  for f in bench/results/*.json; do
    grep -qxF "$(basename "$f")" <<<"$before" || cp "$f" "$out/results/"
  done
  "$node" bin/webgpu-lstm.mjs bench --update-docs 2>/dev/null || true
  sed -n '/<!-- bench:table:start -->/,/<!-- bench:table:end -->/p' docs/performance.md >"$out/table.md"
  cat "$out"/*.jsonl "$out/profile-$profile.txt"
  echo "nvidia-bench: results in $out (exit $rc)" >&2
  return $rc
}

case "${1:-}" in
  pack) shift; pack "$@" ;;
  run) shift; run "$@" ;;
  *)
    # Copied into the bundle as run.sh: `bash run.sh OUTDIR` runs.
    if [ "$(basename "${BASH_SOURCE[0]}")" = run.sh ] && [ -n "${1:-}" ]; then run "$@"
    else awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 2; fi ;;
esac
