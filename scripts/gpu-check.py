#!/usr/bin/env python3
"""GPU check of the shipped PyTorch trainer (trainers/torch-mlp), for a machine with Python and
PyTorch (CUDA) but no Node.

    python3 scripts/gpu-check.py --out gpu-check-out [--device cuda|auto|cpu] [--rows N] [--epochs N]

1. Generates a seeded data set: raw columns (raw.csv: a nullable numeric, a clipped numeric, a
   bucketized numeric and a categorical with unseen values) and a fitted Vigil feature spec whose
   statistics are all given, so the transformed features (features.csv) are exactly what Vigil's
   own transform computes from raw.csv.
2. Writes the job file Vigil would write and runs the trainer on it twice (run1/, run2/), as Vigil
   runs it: the job file's path as the last argument, the output folder given in the job.
   Each run folder holds model.onnx, metrics.json, reference_outputs.json (torch's own
   probabilities on the first rows, computed on the training device) and the program's stdout.
3. Writes check.json: the runtime the trainer reported (torch, CUDA, GPU name), timings, the
   two model.onnx SHA-256s and whether they are identical.

Exits non-zero when the trainer fails, or when --device cuda was asked for and the trainer did
not train on CUDA. The ONNX parity check runs where Node is (see bench/README.md "GPU check"):
    npx tsx bench/gpu-parity.ts gpu-check-out
Standard library only here (the trainer itself uses torch and numpy).
"""
import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRAINER_DIR = os.path.join(ROOT, "trainers", "torch-mlp")
REGIONS = ["north", "south", "east", "west", "centre"]
BOUNDARIES = [-1.0, 0.0, 1.5]


def spec():
    return {
        "version": 1,
        "inputs": [
            {"name": "income", "type": "numeric", "nullable": True},
            {"name": "debt", "type": "numeric", "nullable": False},
            {"name": "age", "type": "numeric", "nullable": False},
            {"name": "region", "type": "categorical", "nullable": True},
        ],
        "features": [
            {"input": "income", "name": "income", "transforms": [{"op": "impute", "strategy": "constant", "value": 3.0}, {"op": "standardize", "mean": 3.0, "std": 2.0}]},
            {"input": "debt", "name": "debt", "transforms": [{"op": "clip", "min": 0.0, "max": 8.0}, {"op": "standardize", "mean": 2.5, "std": 1.5}]},
            {"input": "age", "name": "age", "transforms": [{"op": "bucketize", "boundaries": BOUNDARIES}]},
            {"input": "region", "name": "region", "transforms": [{"op": "one_hot", "categories": sorted(REGIONS)}]},
        ],
    }


def feature_names():
    return ["income", "debt"] + [f"age={i}" for i in range(len(BOUNDARIES) + 1)] + [f"region={c}" for c in sorted(REGIONS)]


def transform(income, debt, age, region):
    """The spec above, as Vigil's transform computes it (the same float64 operations)."""
    x = [((3.0 if income is None else income) - 3.0) / 2.0, (min(max(debt, 0.0), 8.0) - 2.5) / 1.5]
    bucket = sum(1 for b in BOUNDARIES if age >= b)
    x += [1.0 if i == bucket else 0.0 for i in range(len(BOUNDARIES) + 1)]
    x += [1.0 if region == c else 0.0 for c in sorted(REGIONS)]
    return x


def write_data(out, rows, seed):
    rnd = random.Random(seed)
    raw_lines = ["income,debt,age,region,y"]
    feat_lines = [",".join(f'"{n}"' for n in feature_names() + ["y"])]
    for i in range(rows):
        income = None if i % 13 == 0 else rnd.gauss(3.0, 2.0)
        debt = rnd.uniform(-1.0, 10.0)
        age = rnd.gauss(0.0, 1.2)
        region = None if i % 29 == 0 else ("atlantis" if i % 31 == 0 else rnd.choice(REGIONS))
        z = 0.8 * (income if income is not None else 3.0) - 0.6 * debt + (1.2 if age >= 1.5 else 0.0) + (0.9 if region in ("north", "east") else -0.3)
        z += 0.5 * rnd.gauss(0.0, 1.0) - 0.4
        y = 1 if z > 0 else 0
        raw_lines.append(",".join(["" if income is None else repr(income), repr(debt), repr(age), region or "", str(y)]))
        feat_lines.append(",".join([repr(v) for v in transform(income, debt, age, region)] + [str(y)]))
    with open(os.path.join(out, "raw.csv"), "w", encoding="utf-8") as f:
        f.write("\n".join(raw_lines) + "\n")
    with open(os.path.join(out, "features.csv"), "w", encoding="utf-8") as f:
        f.write("\n".join(feat_lines) + "\n")


def run_trainer(out, name, job, python):
    run_dir = os.path.join(out, name)
    os.makedirs(run_dir, exist_ok=True)
    for f in ("model.onnx", "metrics.json", "reference_outputs.json"):
        if os.path.exists(os.path.join(run_dir, f)):
            os.remove(os.path.join(run_dir, f))
    job = dict(job, output_dir=run_dir)
    job_path = os.path.join(out, f"job-{name}.json")
    with open(job_path, "w", encoding="utf-8") as f:
        json.dump(job, f, indent=2)
    t0 = time.perf_counter()
    p = subprocess.run([python, os.path.join(TRAINER_DIR, "train.py"), job_path], cwd=TRAINER_DIR, env=dict(os.environ, VIGIL_JOB_FILE=job_path), capture_output=True, text=True)
    wall = time.perf_counter() - t0
    with open(os.path.join(run_dir, "stdout.log"), "w", encoding="utf-8") as f:
        f.write(p.stdout)
    sys.stderr.write(p.stderr)
    if p.returncode != 0:
        sys.exit(f"gpu-check: the trainer exited {p.returncode} in {name}; see {run_dir}/stdout.log and the stderr above")
    runtime = {}
    for line in p.stdout.splitlines():
        if line.startswith("{"):
            rec = json.loads(line)
            if rec.get("type") == "runtime":
                runtime = rec["runtime"]
    with open(os.path.join(run_dir, "model.onnx"), "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    with open(os.path.join(run_dir, "metrics.json"), encoding="utf-8") as f:
        metrics = json.load(f)
    return {"wall_seconds": round(wall, 3), "model_sha256": sha, "runtime": runtime, "metrics": metrics}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="gpu-check-out", help="output folder (created)")
    ap.add_argument("--device", default="cuda", choices=["cuda", "auto", "cpu"], help="the trainer's device param (default cuda: fail without a GPU)")
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    if args.rows < 10 or args.rows > 5_000_000:
        ap.error("--rows must be between 10 and 5000000")
    if args.epochs < 1 or args.epochs > 1000:
        ap.error("--epochs must be between 1 and 1000")
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    write_data(out, args.rows, args.seed)
    job = {
        "version": 1,
        "trainer": "torch-mlp",
        "dataset_path": os.path.join(out, "features.csv"),
        "target": "y",
        "rows": args.rows,
        "feature_names": feature_names(),
        "feature_spec": spec(),
        "params": {"epochs": args.epochs, "batch_size": 512, "validation_fraction": 0.2, "device": args.device},
        "seed": args.seed,
    }
    with open(os.path.join(out, "job.json"), "w", encoding="utf-8") as f:
        json.dump(dict(job, output_dir=os.path.join(out, "run1")), f, indent=2)
    runs = [run_trainer(out, name, job, sys.executable) for name in ("run1", "run2")]
    device = runs[0]["runtime"].get("device")
    check = {
        "rows": args.rows,
        "epochs": args.epochs,
        "device_asked": args.device,
        "device": device,
        "runtime": runs[0]["runtime"],
        "runs": runs,
        "identical_model_bytes": runs[0]["model_sha256"] == runs[1]["model_sha256"],
    }
    with open(os.path.join(out, "check.json"), "w", encoding="utf-8") as f:
        json.dump(check, f, indent=2)
    print(json.dumps({k: check[k] for k in ("rows", "epochs", "device", "identical_model_bytes")} | {
        "gpu": runs[0]["runtime"].get("gpu"), "torch": runs[0]["runtime"].get("torch"), "cuda": runs[0]["runtime"].get("cuda"),
        "train_seconds": [r["metrics"].get("train_seconds") for r in runs], "val_auc": runs[0]["metrics"].get("final", {}).get("val_auc"),
    }))
    if args.device == "cuda" and device != "cuda":
        sys.exit(f"gpu-check: asked for cuda but the trainer ran on {device}")
    print(f"gpu-check: wrote {out}; verify the ONNX against torch's outputs with `npx tsx bench/gpu-parity.ts {args.out}` where Node is", file=sys.stderr)


if __name__ == "__main__":
    main()
