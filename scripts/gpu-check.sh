#!/usr/bin/env bash
# gconv4j GPU check: prove the OpenCL kernels on a machine that has an OpenCL driver but no JDK, Maven or network.
#
#   scripts/gpu-check.sh prepare DIR   here, after a build (./gconv4j test): fill DIR with a jlink'd Java runtime,
#                                      the jars and classes, and the system's Khronos ICD loader; offline: it uses
#                                      nothing the build did not already resolve. DIR plus the repository's files
#                                      must stay under 56 MiB (a device run carries both, 64 MiB at most).
#   scripts/gpu-check.sh run DIR       there: register the NVIDIA driver's OpenCL library (libnvidia-opencl.so.1)
#                                      with an .icd file, check that `auto` picks a GPU, run every pass of P4, P4M,
#                                      P6 and O layers against the double reference and two P4CNN training steps
#                                      against the CPU backend, then bench the reference layer and P4CNN training.
#                                      Fails unless the device used is a GPU. Last line:
#   gpu-check: <device> tests <n> passed, reference fwd <x> bwd <y> GFLOP/s, p4cnn train <z> img/s
# Environment for run: OUT (write the logs there; default DIR/out), GPU_CHECK_OPENCL_LIB=/path/libnvidia-opencl.so.1
# (skip the search), GPU_CHECK_TIMEOUT (seconds per step, default 240), GPU_CHECK_ANY_DEVICE=1 (accept any OpenCL
# device, e.g. PoCL: for trying the script without a GPU). See docs/opencl.md ("Checking a GPU").
set -euo pipefail

say() { printf 'gpu-check: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# the modules the jars need (jdeps: Aparapi needs java.desktop and java.logging, the CPU backend the Vector API,
# bench the management beans)
MODULES=java.base,java.logging,java.desktop,java.management,jdk.management,jdk.incubator.vector,jdk.unsupported

prepare() {
  local dir="$1"
  command -v jlink >/dev/null || die "prepare needs a JDK 17 with jlink on PATH"
  command -v mvn >/dev/null || die "prepare needs Maven on PATH"
  [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ] && die "$dir exists and is not empty; pass a new folder"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
  local work="$WORK"

  say "building gconv4j and its test classes offline (mvn -o package, tests skipped)"
  (cd "$ROOT" && mvn -B -q -o -ntp -DskipTests package dependency:copy-dependencies -DincludeScope=test \
    -DincludeArtifactIds=junit-jupiter-api,opentest4j,junit-platform-commons,apiguardian-api \
    -DoutputDirectory="$dir/lib" >&2) \
    || die "the offline build failed: build once with the network first (./gconv4j test)"

  say "jlink: $MODULES"
  jlink --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --compress=2 \
    --strip-native-debug-symbols=exclude-debuginfo-files --output "$dir/jdk" 2>&1 | grep -v 'incubator' >&2 || true
  [ -x "$dir/jdk/bin/java" ] || die "jlink did not produce $dir/jdk/bin/java"
  [ -f "$dir/jdk/lib/libjsig.so" ] || die "the jlink'd runtime has no lib/libjsig.so"
  # Debian's libjvm.so keeps its symbol table (23 MB); stripped it is 20 MB, which keeps the folder under 64 MiB
  if command -v strip >/dev/null; then
    find "$dir/jdk" -name '*.so' -exec strip --strip-unneeded {} + || say "strip failed; the folder may be over 64 MiB"
  fi

  say "jars and classes"
  mkdir -p "$dir/lib" "$dir/classes" "$dir/test-classes"
  local jar
  for jar in "$ROOT"/samples/target/lib/*.jar; do
    case "$(basename "$jar")" in
      # not loaded by the checks or bench (figures, ONNX export, compile-time annotations; Aparapi's pom drags in
      # Scala but none of its classes refers to it): left out to stay under the 56 MiB
      jfreechart-* | protobuf-java-* | scala-library-* | error_prone_annotations-*) ;;
      aparapi-jni-*)
        # the JNI jar carries Aparapi's native library for every platform (19 MB); keep linux x86_64 only
        mkdir -p "$work/jni" && (cd "$work/jni" && jar --extract --file "$jar" \
          && rm -rf win osx linux/libaparapi_aarch64.so linux/libaparapi_armhf.so linux/libaparapi_x86.so \
          && jar --create --file "$dir/lib/$(basename "$jar")" --manifest META-INF/MANIFEST.MF -C . com -C . linux) ;;
      *) cp "$jar" "$dir/lib/" ;;
    esac
  done
  cp -r "$ROOT/samples/target/classes/." "$dir/classes/"
  # left out to stay under the 56 MiB: the shipped AdrenalMNIST3D file and the cubic groups' 5x5x5 filter tables
  # (2 MB; the checks use 3x3 filters and never load them)
  rm -rf "$dir/classes/org/gconv4j/samples/data"
  rm -f "$dir/classes/org/gconv4j/samples/groups/OGroup\$Tables5.class" "$dir/classes/org/gconv4j/samples/groups/OHGroup\$Tables5.class"
  cp -r "$ROOT/runtime/target/test-classes/." "$dir/test-classes/"
  cp -r "$ROOT/samples/target/test-classes/." "$dir/test-classes/"

  say "OpenCL ICD loader (the system's libOpenCL.so.1, Debian ocl-icd-libopencl1)"
  local loader
  loader="$(ldconfig -p 2>/dev/null | awk '/libOpenCL\.so\.1 / {print $NF; exit}')"
  [ -n "$loader" ] && [ -e "$loader" ] || die "no libOpenCL.so.1 on this machine: apt-get install ocl-icd-libopencl1 (./gconv4j test does)"
  mkdir -p "$dir/opencl"
  cp -L "$loader" "$dir/opencl/libOpenCL.so.1"

  cp "${BASH_SOURCE[0]}" "$dir/gpu-check.sh"
  chmod +x "$dir/gpu-check.sh"
  (cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown) > "$dir/COMMIT"
  local folder repo
  folder=$(du -sb --apparent-size "$dir" | cut -f1)
  repo=$(cd "$ROOT" && git ls-files -z | xargs -0 du -cb --apparent-size 2>/dev/null | tail -1 | cut -f1)
  say "prepared $dir: $((folder / 1048576)) MiB + repository $((repo / 1048576)) MiB (limit 56 MiB together)"
  [ $((folder + repo)) -lt $((56 * 1048576)) ] || die "$dir plus the repository is $(((folder + repo) / 1048576)) MiB, over 56 MiB"
  say "on the GPU machine run: $dir/gpu-check.sh run $dir"
}

# Prints the path of the NVIDIA OpenCL library, or nothing.
find_nvidia_opencl() {
  if [ -n "${GPU_CHECK_OPENCL_LIB:-}" ]; then
    printf '%s' "$GPU_CHECK_OPENCL_LIB"
    return
  fi
  local d
  for d in /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /usr/local/nvidia/lib64 /usr/local/nvidia/lib \
    /usr/lib/x86_64-linux-gnu/nvidia/current /usr/lib/nvidia /usr/lib64/nvidia /run/nvidia/driver/usr/lib/x86_64-linux-gnu \
    /usr/local/cuda/compat /usr/local/cuda/lib64; do
    if [ -e "$d/libnvidia-opencl.so.1" ]; then
      printf '%s' "$d/libnvidia-opencl.so.1"
      return
    fi
  done
  if command -v ldconfig >/dev/null 2>&1; then
    ldconfig -p 2>/dev/null | awk '/libnvidia-opencl\.so\.1 / {print $NF; exit}'
    return
  fi
  local f
  f="$(find / -xdev -name 'libnvidia-opencl.so.1' 2>/dev/null | head -1 || true)"
  printf '%s' "$f"
}

run() {
  local dir
  dir="$(cd "$1" && pwd)" || die "no folder $1"
  [ -x "$dir/jdk/bin/java" ] || die "$dir is not a prepared folder (no jdk/bin/java); run 'gpu-check.sh prepare DIR' first"
  local limit="${GPU_CHECK_TIMEOUT:-240}"
  local out="${OUT:-$dir/out}"
  mkdir -p "$out"

  local nvidia
  nvidia="$(find_nvidia_opencl)"
  if [ -n "$nvidia" ]; then
    mkdir -p "$dir/vendors"
    printf '%s\n' "$nvidia" > "$dir/vendors/nvidia.icd"
    export OCL_ICD_VENDORS="$dir/vendors"
    say "NVIDIA OpenCL driver: $nvidia (registered in $dir/vendors/nvidia.icd)"
  elif [ -n "${OCL_ICD_VENDORS:-}" ] || [ -n "$(ls /etc/OpenCL/vendors/*.icd 2>/dev/null)" ]; then
    say "no libnvidia-opencl.so.1 found; using the installed ICDs: ${OCL_ICD_VENDORS:-$(ls /etc/OpenCL/vendors/*.icd | tr '\n' ' ')}"
  else
    die "no OpenCL driver: no libnvidia-opencl.so.1 under the usual driver paths and nothing in /etc/OpenCL/vendors (set GPU_CHECK_OPENCL_LIB)"
  fi
  export LD_LIBRARY_PATH="$dir/opencl${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  # OpenCL drivers install signal handlers: chain them with the JVM's (docs/opencl.md)
  export LD_PRELOAD="$dir/jdk/lib/libjsig.so${LD_PRELOAD:+:$LD_PRELOAD}"
  local java=("$dir/jdk/bin/java" -Xmx8g --add-modules=jdk.incubator.vector)
  local cp="$dir/test-classes:$dir/classes:$dir/lib/*"
  local wanted="OpenCL GPU" check=gpu
  if [ "${GPU_CHECK_ANY_DEVICE:-}" = 1 ]; then wanted="OpenCL "; check=any; fi

  say "commit $(cat "$dir/COMMIT" 2>/dev/null || echo unknown); java $("$dir/jdk/bin/java" -version 2>&1 | head -1)"
  local rc=0
  say "checks: auto's device, every pass of P4, P4M, P6 and O layers, two P4CNN training steps"
  timeout "$limit" "${java[@]}" -Dgconv4j.check.device=$check -cp "$cp" org.gconv4j.backend.opencl.SimulatedGpuRun checks \
    > "$out/checks.txt" 2> "$out/checks-stderr.txt" || rc=$?
  cat "$out/checks.txt" >&2
  [ "$rc" = 0 ] || { tail -20 "$out/checks-stderr.txt" >&2; die "checks failed (exit $rc); logs in $out"; }
  local device passed
  device="$(sed -n 's/^ok device //p' "$out/checks.txt")"
  passed="$(grep -c '^ok ' "$out/checks.txt")"
  case "$device" in "$wanted"*) ;; *) die "the checks ran on '$device', not a GPU" ;; esac

  say "bench: the reference layer, then P4CNN training (OpenCL)"
  timeout "$limit" "${java[@]}" -cp "$dir/classes:$dir/lib/*" org.gconv4j.cli.Main \
    bench --backend opencl --case reference --warmup 3 --runs 5 > "$out/bench-reference.txt" 2>&1 || rc=$?
  timeout "$limit" "${java[@]}" -cp "$dir/classes:$dir/lib/*" org.gconv4j.cli.Main \
    bench --model p4cnn --backend opencl --warmup 5 --runs 5 --steps 5 > "$out/bench-p4cnn.txt" 2>&1 || rc=$?
  grep -h -E '^gconv4j|^bench ' "$out/bench-reference.txt" "$out/bench-p4cnn.txt" >&2 || true
  [ "$rc" = 0 ] || die "bench failed (exit $rc); logs in $out"
  grep -q "run on opencl: $wanted" "$out/bench-p4cnn.txt" || die "bench did not run on a GPU; see $out/bench-p4cnn.txt"
  local fwd bwd img
  fwd="$(awk '/^bench reference opencl fwd/ {print $7; exit}' "$out/bench-reference.txt")"
  bwd="$(awk '/^bench reference opencl fwd/ {print $12; exit}' "$out/bench-reference.txt")"
  img="$(awk '/^bench model p4cnn batch/ {print $7; exit}' "$out/bench-p4cnn.txt")"
  echo "gpu-check: $device tests $passed passed, reference fwd ${fwd:-?} bwd ${bwd:-?} GFLOP/s, p4cnn train ${img:-?} img/s" \
    | tee "$out/summary.txt"
}

case "${1:-}" in
  prepare) [ $# = 2 ] || die "usage: gpu-check.sh prepare DIR"; prepare "$2" ;;
  run) [ $# = 2 ] || die "usage: gpu-check.sh run DIR"; run "$2" ;;
  *) die "usage: gpu-check.sh prepare DIR | gpu-check.sh run DIR" ;;
esac
