#!/usr/bin/env bash
# Oclgrind instruction counts of the OpenCL kernels (docs/notes/opencl-instruction-counts.md): one forward and
# backward pass of the reference, a lifting, a 3D and a P4M layer on the simulated GPU, and the forward pass of the
# prototype input-gradient kernel that carries the group (FusedInputSource), tabulated per pass as global loads and stores per
# multiply-add. Needs `oclgrind` (./gconv4j test installs it) and a build with test classes
# (mvn -DskipTests verify). Usage: scripts/instruction-counts.sh [side, default 12]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lib=/usr/lib/oclgrind/liboclgrind-rt-icd.so
[ -f "$lib" ] || { echo "instruction-counts: $lib missing: apt-get install oclgrind" >&2; exit 1; }
jhome="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "$lib" > "$work/oclgrind.icd"
cp="$ROOT/samples/target/test-classes:$ROOT/samples/target/classes:$ROOT/runtime/target/test-classes"
cp="$cp:$ROOT/runtime/target/classes:$ROOT/samples/target/lib/*"
OCLGRIND_INST_COUNTS=1 OCL_ICD_VENDORS="$work" LD_PRELOAD="$jhome/lib/libjsig.so" \
  "$jhome/bin/java" --add-modules=jdk.incubator.vector -cp "$cp" org.gconv4j.backend.opencl.InstructionCounts "${1:-12}" \
  > "$work/counts.log" 2>&1
python3 - "$work/counts.log" <<'PY'
import collections, re, sys
rows = collections.OrderedDict()
cur = None
for line in open(sys.argv[1]):
    if line.startswith('@@'):
        p = line.split()
        cur = None if p[1] == 'end' else (p[1], p[2], p[3])
        if cur:
            rows[cur] = dict(macs=int(p[4]), lg=0, sg=0, fma=0, all=0, launches=0)
        continue
    if cur is None:
        continue
    if line.startswith('Instructions executed'):
        rows[cur]['launches'] += 1
        continue
    m = re.match(r'\s+(\d+) - (.*)', line)
    if m:
        n, op = int(m.group(1)), m.group(2)
        r = rows[cur]
        r['all'] += n
        r['lg'] += n if op.startswith('load global') else 0
        r['sg'] += n if op.startswith('store global') else 0
        r['fma'] += n if 'fmuladd' in op or op in ('fmul', 'fadd') else 0
print('| layer | kernels | pass | launches | MACs | global loads / MAC | global stores / MAC | fma issued / MAC | instructions / MAC |')
print('|---|---|---|---|---|---|---|---|---|')
for (l, k, p), r in rows.items():
    M = r['macs']
    print(f"| {l} | {k} | {p} | {r['launches']} | {M:,} | {r['lg']/M:.3f} | {r['sg']/M:.4f} | {r['fma']/M:.2f} | {r['all']/M:.2f} |")
PY
