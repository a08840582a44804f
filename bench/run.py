#!/usr/bin/env python3
"""`./course bench`: the course library against numpy/OpenBLAS, JAX and EJML, as ratios measured in the same run.

Each round runs the numpy workloads (bench/numpy_bench.py, once per thread count with OPENBLAS_NUM_THREADS and
OMP_NUM_THREADS set), the JAX ones (bench/jax_bench.py, XLA's CPU threads set likewise) and then every JMH benchmark
(bench/target/benchmarks.jar) on the same machine, one after the other, and turns them into ratios. After all rounds
it prints, for every workload, the median of each side's rate and the min and median of the ratio against its target.
Absolute numbers drift on a shared machine; ratios from the same round are what to compare.

Workloads: (a) matmul, (b)-(d) source 002 and a wide network, (e) end-to-end MLP training, (f) the digits CNN.

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
SIZES = [64, 128, 256, 512, 1024]
THREADS = [1, 2]
JVM = ["java", "--add-modules", "jdk.incubator.vector"]
END_TO_END = [f"{name} batch={batch}" for name in ("digits", "mnist") for batch in (32, 256)]


def machine():
    """CPU model, core count and SIMD extensions, from /proc/cpuinfo where there is one; Java, numpy and JAX."""
    import numpy
    import jax
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    versions = f"{java}; numpy {numpy.__version__}, JAX {jax.__version__}"
    info = Path("/proc/cpuinfo")
    if not info.exists():
        return f"{platform.machine()}, {os.cpu_count()} CPUs; {versions}"
    text = info.read_text()
    model = text.split("model name")[1].split(":", 1)[1].splitlines()[0].strip()
    flags = set(text.split("flags")[1].split(":", 1)[1].splitlines()[0].split())
    simd = [name for flag, name in [("avx512f", "AVX-512"), ("avx2", "AVX2"), ("fma", "FMA")] if flag in flags]
    return f"{model}, {os.cpu_count()} CPUs, {'/'.join(simd)}; {versions}"


def threads_env(t):
    """The environment that gives OpenBLAS and XLA t threads."""
    xla = f"--xla_cpu_multi_thread_eigen={'true' if t > 1 else 'false'} intra_op_parallelism_threads={t}"
    return dict(os.environ, OPENBLAS_NUM_THREADS=str(t), OMP_NUM_THREADS=str(t), MKL_NUM_THREADS=str(t), XLA_FLAGS=xla)


def python_round(sizes, window):
    """{(source, workload, threads): value}, source "numpy" or "jax": GFLOP/s for matmul, samples/s for training."""
    out = {}
    for t in THREADS:
        args = [sys.executable, str(HERE / "numpy_bench.py"), "--matmul", ",".join(map(str, sizes)),
                "--window", str(window)]
        if t == max(THREADS):
            args.append("--training")
        res = json.loads(subprocess.run(args, env=threads_env(t), check=True, capture_output=True, text=True).stdout)
        out.update({("numpy", k, t): v for k, v in res.items()})
    t = max(THREADS)
    args = [sys.executable, str(HERE / "jax_bench.py"), "--window", str(window)]
    res = json.loads(subprocess.run(args, env=threads_env(t), check=True, capture_output=True, text=True).stdout)
    out.update({("jax", k, t): v for k, v in res.items()})
    return out


def jmh_round(sizes, quick):
    """{("nncourse" or "EJML", workload, threads): value} from JMH, one fork per benchmark, JVM defaults plus the
    Vector API module. (Not kernel/jvm-options: its -XX:+UseSerialGC halves n=512 matmul throughput through the
    allocation of C.)"""
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
        if "n" in params:   # MatMulBench: ops/s → GFLOP/s
            n, t = int(params["n"]), int(params["threads"])
            source = "EJML" if name == "ejml" else "nncourse"
            out[(source, f"matmul{n}", t)] = score * 2.0 * n ** 3 / 1e9
        elif "batch" in params:
            out[("nncourse", f"{name} batch={params['batch']}", max(THREADS))] = score
        else:
            out[("nncourse", name, max(THREADS))] = score
    os.unlink(result)
    return out


def rows(sizes):
    """(label, workload, threads, reference, target or None) for every ratio reported, nncourse / reference."""
    r = []
    for ref, target in [("numpy", lambda n: 0.8 if n >= 128 else None), ("EJML", lambda n: 6.0)]:
        for t in THREADS:
            for n in sizes:
                r.append((f"(a) matmul n={n}, {t} thread{'s' if t > 1 else ''}", f"matmul{n}", t, ref, target(n)))
    t = max(THREADS)
    r.append(("(b) source 002 per-sample SGD", "source002PerSample", t, "numpy", 10.0))
    r.append(("(c) source 002, 50-sample minibatch", "source002Minibatch", t, "numpy", 1.0))
    r.append(("(d) 784-256-10 epoch, batch 64", "wideEpoch", t, "numpy", 1.0))
    for w in END_TO_END:
        small = w.endswith("=32")
        r.append((f"(e) {w.replace('digits', 'digits 64-128-10').replace('mnist', '784-128-10')}, Adam", w, t, "jax",
                  1.5 if small else 1.0))
        r.append((f"(e) {w.replace('digits', 'digits 64-128-10').replace('mnist', '784-128-10')}, Adam", w, t, "numpy",
                  2.0 if small else None))
    r.append(("(f) digits CNN, batch 32, Adam", "cnn", t, "jax", 1.0))
    r.append(("(f) digits CNN, batch 32, Adam", "cnn", t, "numpy", None))
    return r


def report(sizes, measured, rounds):
    """The table: per row, each side's median rate, the ratio's min and median, and the target with its verdict."""
    print("| workload | vs | nncourse (median) | other (median) | ratio min | ratio median | target |")
    print("|---|---|---|---|---|---|---|")
    misses = []
    for label, w, t, ref, target in rows(sizes):
        java = [m[("nncourse", w, t)] for m in measured]
        other = [m[(ref, w, t)] for m in measured]
        ratios = [j / o for j, o in zip(java, other)]
        unit = "GFLOP/s" if w.startswith("matmul") else "samples/s"
        fmt = (lambda x: f"{x:.1f}") if unit == "GFLOP/s" else (lambda x: f"{x:,.0f}")
        if target is None:
            tgt = "—"
        else:
            ok = min(ratios) >= target
            tgt = f"≥ {target:g}× {'✓' if ok else '~' if statistics.median(ratios) >= target else '✗'}"
            if not ok:
                misses.append(f"{label} vs {ref}")
        print(f"| {label} | {ref} | {fmt(statistics.median(java))} {unit} | {fmt(statistics.median(other))} | "
              f"{min(ratios):.2f}× | {statistics.median(ratios):.2f}× | {tgt} |")
    print()
    print(f"# {rounds} rounds; ✓ the minimum meets the target, ~ only the median does, ✗ neither")
    if misses:
        print("# minimum below target: " + "; ".join(misses))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--quick", action="store_true")
    args = p.parse_args()
    sizes, window = ([64, 256], 0.3) if args.quick else (SIZES, 0.5)
    start = time.monotonic()
    print(f"# nncourse bench {datetime.date.today()}: {machine()}")
    print(f"# load average at start: {os.getloadavg()[0]:.2f} (the machine should be otherwise idle)")
    measured = []
    for r in range(1, args.rounds + 1):
        measured.append({**python_round(sizes, window), **jmh_round(sizes, args.quick)})
        print(f"# round {r}/{args.rounds} done after {time.monotonic() - start:.0f} s "
              f"(load {os.getloadavg()[0]:.2f})", flush=True)
    raw = HERE / "target" / "bench-results.json"
    raw.write_text(json.dumps([{" | ".join(map(str, k)): v for k, v in m.items()} for m in measured], indent=1))
    print(f"# every round's rates: {raw.relative_to(HERE.parent)}")
    print()
    report(sizes, measured, args.rounds)
    print(f"# {time.monotonic() - start:.0f} s in all")


if __name__ == "__main__":
    main()
