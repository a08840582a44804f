#!/usr/bin/env python3
"""`./course bench`: the course library against numpy/OpenBLAS and EJML, as ratios measured in the same run.

Each round runs the numpy workloads (bench/numpy_bench.py, once per thread count with OPENBLAS_NUM_THREADS and
OMP_NUM_THREADS set) and then every JMH benchmark (bench/target/benchmarks.jar) on the same machine, one after the
other, and turns both into ratios. After all rounds it prints the min and median ratio of each workload against its
target. Absolute numbers drift on a shared machine; ratios from the same round are what to compare.

Usage: run.py [--rounds N] [--quick]   (--quick: n = 64, 256 only and shorter windows, for a smoke test)
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZES = [64, 128, 256, 512, 1024]
THREADS = [1, 2]
JVM = ["java", "--add-modules", "jdk.incubator.vector"]


def machine():
    """CPU model, core count and SIMD extensions, from /proc/cpuinfo where there is one."""
    info = Path("/proc/cpuinfo")
    if not info.exists():
        return f"{platform.machine()}, {os.cpu_count()} CPUs"
    text = info.read_text()
    model = text.split("model name")[1].split(":", 1)[1].splitlines()[0].strip()
    flags = set(text.split("flags")[1].split(":", 1)[1].splitlines()[0].split())
    simd = [name for flag, name in [("avx512f", "AVX-512"), ("avx2", "AVX2"), ("fma", "FMA")] if flag in flags]
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    import numpy
    return f"{model}, {os.cpu_count()} CPUs, {'/'.join(simd)}; {java}; numpy {numpy.__version__}"


def numpy_round(sizes, window):
    """{(workload, threads): value} from numpy: GFLOP/s for matmul, samples/s for training."""
    out = {}
    for t in THREADS:
        env = dict(os.environ, OPENBLAS_NUM_THREADS=str(t), OMP_NUM_THREADS=str(t), MKL_NUM_THREADS=str(t))
        args = [sys.executable, str(HERE / "numpy_bench.py"), "--matmul", ",".join(map(str, sizes)),
                "--window", str(window)]
        if t == max(THREADS):
            args.append("--training")
        res = json.loads(subprocess.run(args, env=env, check=True, capture_output=True, text=True).stdout)
        for k, v in res.items():
            out[(k, t)] = v
    return out


def jmh_round(sizes, quick):
    """{(benchmark, threads): ops/s} from JMH, one fork per benchmark, JVM defaults plus the Vector API module.
    (Not kernel/jvm-options: its -XX:+UseSerialGC halves n=512 matmul throughput through the allocation of C.)"""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        result = f.name
    cmd = JVM + ["-jar", str(HERE / "target/benchmarks.jar"), "-jvmArgsAppend", "--add-modules jdk.incubator.vector",
                 "-p", "n=" + ",".join(map(str, sizes)), "-p", "threads=" + ",".join(map(str, THREADS)),
                 "-rf", "json", "-rff", result]
    if quick:
        cmd += ["-wi", "4", "-w", "300ms", "-i", "2", "-r", "300ms"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = {}
    for b in json.loads(Path(result).read_text()):
        name = b["benchmark"].rsplit(".", 1)[1]
        params = b.get("params", {})
        score = b["primaryMetric"]["score"]
        if "n" in params:
            n, t = int(params["n"]), int(params["threads"])
            out[(f"{name}{n}", t)] = score * 2.0 * n ** 3 / 1e9   # ops/s → GFLOP/s
        else:
            out[(name, max(THREADS))] = score
    os.unlink(result)
    return out


def rows(sizes):
    """(label, java key, reference key, reference name, target) for every ratio reported."""
    r = []
    for t in THREADS:
        for n in sizes:
            r.append((f"(a) matmul n={n}, {t} thread{'s' if t > 1 else ''}", (f"nncourse{n}", t),
                      (f"matmul{n}", t), "numpy", 0.7 if n >= 256 else None))
    for t in THREADS:
        for n in sizes:
            r.append((f"(a) matmul n={n}, {t} thread{'s' if t > 1 else ''}", (f"nncourse{n}", t),
                      (f"ejml{n}", t), "EJML", 6.0))
    t = max(THREADS)
    r.append(("(b) seed 002 per-sample SGD", ("seed002PerSample", t), ("seed002PerSample", t), "numpy", 10.0))
    r.append(("(c) seed 002, 50-sample minibatch", ("seed002Minibatch", t), ("seed002Minibatch", t), "numpy", 1.0))
    r.append(("(d) 784-256-10 epoch, batch 64", ("wideEpoch", t), ("wideEpoch", t), "numpy", None))
    return r


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--quick", action="store_true")
    args = p.parse_args()
    sizes, window = ([64, 256], 0.3) if args.quick else (SIZES, 0.5)
    start = time.monotonic()
    print(f"# nncourse bench {datetime.date.today()}: {machine()}")
    print(f"# load average at start: {os.getloadavg()[0]:.2f} (the machine should be otherwise idle)")
    ratios = {}
    values = {}
    for r in range(1, args.rounds + 1):
        py = numpy_round(sizes, window)
        jv = jmh_round(sizes, args.quick)
        both = {**{("py",) + k: v for k, v in py.items()}, **{("java",) + k: v for k, v in jv.items()}}
        for label, jkey, rkey, ref, target in rows(sizes):
            java = jv[jkey]
            other = jv[rkey] if ref == "EJML" else py[rkey]
            ratios.setdefault((label, ref), []).append(java / other)
            values.setdefault((label, ref), []).append((java, other))
        print(f"# round {r}/{args.rounds} done after {time.monotonic() - start:.0f} s "
              f"(load {os.getloadavg()[0]:.2f})", flush=True)
    unit = lambda label: "GFLOP/s" if label.startswith("(a)") else "samples/s"
    print()
    print(f"| workload | vs | nncourse (median) | other (median) | ratio min | ratio median | target |")
    print(f"|---|---|---|---|---|---|---|")
    misses = []
    for label, _, _, ref, target in rows(sizes):
        rs = ratios[(label, ref)]
        java = statistics.median(v[0] for v in values[(label, ref)])
        other = statistics.median(v[1] for v in values[(label, ref)])
        fmt = (lambda x: f"{x:.1f}") if unit(label) == "GFLOP/s" else (lambda x: f"{x:,.0f}")
        ok = "" if target is None else (" ✓" if min(rs) >= target else (" ~" if statistics.median(rs) >= target else " ✗"))
        tgt = "—" if target is None else f"≥ {target:g}×{ok}"
        if target is not None and statistics.median(rs) < target:
            misses.append(label + " vs " + ref)
        print(f"| {label} | {ref} | {fmt(java)} {unit(label)} | {fmt(other)} | {min(rs):.2f}× | "
              f"{statistics.median(rs):.2f}× | {tgt} |")
    print()
    print(f"# {args.rounds} rounds in {time.monotonic() - start:.0f} s; ✓ min meets the target, ~ only the median does, ✗ neither")
    if misses:
        print("# median below target: " + "; ".join(misses))


if __name__ == "__main__":
    main()
