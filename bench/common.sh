# bench/common.sh — sourced by bench/training and bench/metrics: the set-up, the peer's environment, and the
# machine / BLAS report both print before measuring.
#
# The peer (the Python reference side) runs in its best configuration: this machine's OPENBLAS_CORETYPE /
# OPENBLAS_L2_SIZE overrides (PLATFORM.md: they slow a current OpenBLAS on a Zen 5) are removed for the peer's
# command alone — `"${PEER_ENV[@]}" python3 …`; LatentLab's JVM keeps the process environment as it is.
# BENCH_PEER_KEEP_OPENBLAS_ENV=1 keeps the overrides for the peer too (to measure their effect).
bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEER_ENV=(env)
if [[ "${BENCH_PEER_KEEP_OPENBLAS_ENV:-0}" != 1 ]]; then PEER_ENV=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE); fi
PEER_OPENBLAS_NOTE="peer without OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE"
[[ "${BENCH_PEER_KEEP_OPENBLAS_ENV:-0}" == 1 ]] && PEER_OPENBLAS_NOTE="peer WITH the machine's OPENBLAS_* overrides"
TORCH_BLAS_DIR=/usr/lib/x86_64-linux-gnu/openblas-openmp

# bench/setup unless BENCH_SETUP=0 (packages, toolkit jar, data); args go to bench/setup.
bench_setup() {
  if [[ "${BENCH_SETUP:-1}" != 0 ]]; then "$bench_root/bench/setup" "$@"; fi
}

# One line: CPU model, cores, the widest of avx2 / avx512f the CPU offers, load, OPENBLAS_* as the machine sets them.
bench_machine() {
  local isa flags
  flags=$(grep -o -w -E 'avx2|avx512f' /proc/cpuinfo | sort -u | tr '\n' ' ')
  case "$flags" in *avx512f*) isa=avx512f ;; *avx2*) isa=avx2 ;; *) isa="neither avx2 nor avx512f" ;; esac
  echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores, ISA $isa" \
       "(cpu family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | tr -d ' ')), load $(cut -d' ' -f1-3 /proc/loadavg)," \
       "machine's OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-<unset>} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE:-<unset>}; $PEER_OPENBLAS_NOTE"
}

# The BLAS each side runs. LatentLab: libtorch's MKL as MKL_VERBOSE names it (one float and one double GEMM through
# DJL, bench/BlasInfo.java). Peer: threadpoolctl's view of the libraries numpy (and, with "torch", PyTorch with the
# pinned OpenMP OpenBLAS) loaded, in the peer's environment: library, version, threading layer and the kernel
# (OpenBLAS core type) it chose.
bench_blas() {
  local jar="$bench_root/toolkit/target/latentlab.jar" java_line
  java_line=$(MKL_VERBOSE=1 DJL_OFFLINE="${DJL_OFFLINE:-true}" ${JAVA:-java} -Dai.djl.offline=true \
      -cp "$jar:$bench_root/toolkit/target/lib/*" "$bench_root/bench/BlasInfo.java" 2>/dev/null \
      | awk '/^MKL_VERBOSE oneMKL|^MKL_VERBOSE Intel/ && !v {sub(/^MKL_VERBOSE /, ""); v=$0} /^MKL_VERBOSE [DS]GEMM/ {n++} /^ENGINE/ {e=$2 " " $3} END {print e ": " (v ? v : "MKL_VERBOSE printed nothing") " (" n+0 " GEMMs seen)"}')
  echo "BLAS LatentLab: libtorch $java_line"
  local mods=numpy extra=()
  if [[ "${1:-}" == torch ]]; then mods="numpy,torch"; extra=(LD_LIBRARY_PATH="$TORCH_BLAS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"); fi
  "${PEER_ENV[@]}" ${extra[@]+"${extra[@]}"} "${PYTHON:-/usr/bin/python3}" - "$mods" <<'PY'
import importlib, sys
mods = sys.argv[1].split(",")
for m in mods:
    importlib.import_module(m)
import threadpoolctl
libs = [f"{d.get('internal_api')} {d.get('version')} ({d.get('threading_layer', '-')}, kernel {d.get('architecture', '-')}, "
        f"{d.get('num_threads')} threads, {d.get('filepath')})" for d in threadpoolctl.threadpool_info()]
print(f"BLAS peer ({' + '.join(mods)}): " + ("; ".join(libs) or "threadpoolctl found no BLAS/OpenMP library"))
PY
}
