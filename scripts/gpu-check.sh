#!/usr/bin/env bash
# gconv4j GPU check: prove the OpenCL kernels on a machine that has an OpenCL driver but no JDK, Maven or network.
#
#   scripts/gpu-check.sh prepare DIR   here (JDK 17, Maven, network): build a self-contained folder DIR (< 64 MiB):
#                                      a jlink'd Java runtime, the jars, the OpenCL test classes, a JUnit console
#                                      launcher and the Khronos ICD loader (Debian ocl-icd-libopencl1, unpacked)
#   scripts/gpu-check.sh run DIR       there: register the NVIDIA driver's OpenCL library (libnvidia-opencl.so.1)
#                                      with an .icd file, run the OpenCL tests (gconv4j.opencl=required) and
#                                      `bench --backend all`; prints the device and the GFLOP/s. Without an NVIDIA
#                                      driver it uses the ICDs already installed (/etc/OpenCL/vendors, e.g. PoCL).
# Environment for run: GPU_CHECK_OPENCL_LIB=/path/libnvidia-opencl.so.1 (skip the search), GPU_CHECK_TIMEOUT
# (seconds per step, default 240), GPU_CHECK_BENCH (bench arguments, default "--backend all --warmup 3 --runs 5").
# See docs/opencl.md ("A GPU check that carries its own runtime").
set -euo pipefail

say() { printf 'gpu-check: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JUNIT_CONSOLE=org.junit.platform:junit-platform-console-standalone:1.14.1
# the modules the jars need (jdeps: Aparapi needs java.desktop and java.logging, the CPU backend the Vector API)
MODULES=java.base,java.logging,java.desktop,jdk.incubator.vector,jdk.unsupported

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

  say "building gconv4j and its test classes (mvn package, tests skipped)"
  (cd "$ROOT" && mvn -B -q -ntp -DskipTests package >&2) || die "mvn package failed"

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
      jfreechart-*) ;; # figures only; neither the OpenCL tests nor bench load it (keeps the folder under 64 MiB)
      aparapi-jni-*)
        # the JNI jar carries Aparapi's native library for every platform (19 MB); keep linux x86_64 only
        mkdir -p "$work/jni" && (cd "$work/jni" && jar --extract --file "$jar" \
          && rm -rf win osx linux/libaparapi_aarch64.so linux/libaparapi_armhf.so linux/libaparapi_x86.so \
          && jar --create --file "$dir/lib/$(basename "$jar")" --manifest META-INF/MANIFEST.MF -C . com -C . linux) ;;
      *) cp "$jar" "$dir/lib/" ;;
    esac
  done
  cp -r "$ROOT/samples/target/classes/." "$dir/classes/"
  cp -r "$ROOT/runtime/target/test-classes/." "$dir/test-classes/"
  cp -r "$ROOT/samples/target/test-classes/." "$dir/test-classes/"

  say "JUnit console launcher ($JUNIT_CONSOLE)"
  mvn -B -q -ntp dependency:copy -Dartifact="$JUNIT_CONSOLE" -DoutputDirectory="$dir/junit" >&2 \
    || die "could not fetch $JUNIT_CONSOLE"

  say "OpenCL ICD loader (Debian ocl-icd-libopencl1, unpacked, not installed)"
  (cd "$work" && apt-get download ocl-icd-libopencl1 >/dev/null 2>&1) || die "apt-get download ocl-icd-libopencl1 failed"
  dpkg -x "$work"/ocl-icd-libopencl1_*.deb "$work/icd"
  mkdir -p "$dir/opencl"
  cp -P "$work"/icd/usr/lib/*/libOpenCL.so* "$dir/opencl/"
  [ -e "$dir/opencl/libOpenCL.so.1" ] || die "the ocl-icd package has no libOpenCL.so.1"

  cp "${BASH_SOURCE[0]}" "$dir/gpu-check.sh"
  chmod +x "$dir/gpu-check.sh"
  (cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown) > "$dir/COMMIT"
  say "prepared $dir: $(du -sh --apparent-size "$dir" | cut -f1) (limit 64 MiB); on the GPU machine run: $dir/gpu-check.sh run $dir"
  local mib
  mib=$(du -sm --apparent-size "$dir" | cut -f1)
  [ "$mib" -lt 64 ] || die "$dir is $mib MiB, over the 64 MiB that a device run carries"
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
  local out="$dir/out"
  mkdir -p "$out"

  local nvidia
  nvidia="$(find_nvidia_opencl)"
  if [ -n "$nvidia" ]; then
    mkdir -p "$dir/vendors"
    printf '%s\n' "$nvidia" > "$dir/vendors/nvidia.icd"
    export OCL_ICD_VENDORS="$dir/vendors"
    say "NVIDIA OpenCL driver: $nvidia (registered in $dir/vendors/nvidia.icd)"
  elif [ -n "$(ls /etc/OpenCL/vendors/*.icd 2>/dev/null)" ]; then
    say "no libnvidia-opencl.so.1 found; using the installed ICDs: $(ls /etc/OpenCL/vendors/*.icd | tr '\n' ' ')"
  else
    die "no OpenCL driver: no libnvidia-opencl.so.1 under the usual driver paths and nothing in /etc/OpenCL/vendors (set GPU_CHECK_OPENCL_LIB)"
  fi
  export LD_LIBRARY_PATH="$dir/opencl${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  # PoCL and GPU drivers install signal handlers: chain them with the JVM's (docs/opencl.md)
  export LD_PRELOAD="$dir/jdk/lib/libjsig.so${LD_PRELOAD:+:$LD_PRELOAD}"
  local java=("$dir/jdk/bin/java" -Xmx8g --add-modules=jdk.incubator.vector -Dgconv4j.opencl=required)
  local cp="$dir/classes:$dir/lib/*"

  say "commit $(cat "$dir/COMMIT" 2>/dev/null || echo unknown); java $("$dir/jdk/bin/java" -version 2>&1 | head -1)"
  local rc_tests=0 rc_bench=0
  say "OpenCL tests (gconv4j.opencl=required: a kernel that does not run as OpenCL fails)"
  timeout "$limit" "${java[@]}" -jar "$dir"/junit/junit-platform-console-standalone-*.jar execute \
    --class-path "$dir/test-classes:$dir/classes:$(ls "$dir"/lib/*.jar | tr '\n' ':')" \
    --select-package org.gconv4j.backend.opencl --disable-banner --details=summary --details-theme=ascii \
    > "$out/tests.txt" 2>&1 || rc_tests=$?
  grep -E 'device|GFLOP|tests (successful|failed|aborted|skipped)|MethodSource|=>' "$out/tests.txt" | head -40 >&2 || true
  say "tests exit code $rc_tests (full log: $out/tests.txt)"

  say "bench ${GPU_CHECK_BENCH:---backend all --warmup 3 --runs 5}"
  # shellcheck disable=SC2086
  timeout "$limit" "${java[@]}" -cp "$cp" org.gconv4j.cli.Main bench ${GPU_CHECK_BENCH:---backend all --warmup 3 --runs 5} \
    > "$out/bench.txt" 2> "$out/bench-stderr.txt" || rc_bench=$?
  grep -h -E '^gconv4j bench|^bench ' "$out/bench-stderr.txt" "$out/bench.txt" || true
  [ "$rc_bench" = 0 ] || { say "bench exit code $rc_bench"; tail -5 "$out/bench-stderr.txt" >&2; }
  say "summary: tests rc=$rc_tests bench rc=$rc_bench; logs in $out"
  [ "$rc_tests" = 0 ] && [ "$rc_bench" = 0 ]
}

case "${1:-}" in
  prepare) [ $# = 2 ] || die "usage: gpu-check.sh prepare DIR"; prepare "$2" ;;
  run) [ $# = 2 ] || die "usage: gpu-check.sh run DIR"; run "$2" ;;
  *) die "usage: gpu-check.sh prepare DIR | gpu-check.sh run DIR" ;;
esac
