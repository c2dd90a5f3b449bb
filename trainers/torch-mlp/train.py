#!/usr/bin/env python3
"""Vigil command trainer `torch-mlp`: a PyTorch MLP over the feature spec's transformed features.

Reads the job file Vigil writes (path as the last argument, also in $VIGIL_JOB_FILE): the CSV of
transformed features (`feature_names` then the 0/1 target), the fitted feature spec, the params
and the seed. Writes to `output_dir`:
  model.onnx              input `features` float [N, d] -> output `probability` float [N, 1]
                          (legacy TorchScript exporter, opset 17), which Vigil composes behind
                          the spec's preprocessing;
  metrics.json            the program's own figures (loss, optional held-out loss / AUC, timing);
  reference_outputs.json  torch's own probabilities for the first rows, which Vigil compares
                          with onnxruntime's on the exported graph (exporter parity).
Prints one `runtime` record and one `progress` record per epoch on stdout (JSON lines).

On CPU the run is seeded, single-threaded and uses deterministic algorithms only, so the same
job gives the same model.onnx bytes. On a GPU the kernels are deterministic where torch offers
it, but results depend on the GPU model, driver and CUDA version: the runtime record says the
artifact is not bit-reproducible. Only the standard library, numpy and torch are used.
"""
import csv
import inspect
import io
import json
import math
import os
import platform
import random
import sys
import time

# cuBLAS needs this before CUDA initialises for deterministic matmuls (ignored on CPU).
os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
# Debian's torch calls the system BLAS (OpenBLAS when installed), whose own thread pool is not
# torch.set_num_threads'; one thread everywhere keeps CPU results independent of the core count.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

REFERENCE_ROWS = 1000
# The params and their defaults are trainer.json's (Vigil fills the defaults in; a job written by
# hand, such as scripts/gpu-check.py's, may leave some out).
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "trainer.json"), encoding="utf-8") as _f:
    PARAM_DEFAULTS = {k: v["default"] for k, v in json.load(_f)["params"].items()}


class JobError(Exception):
    pass


def emit(record):
    print(json.dumps(record, separators=(",", ":")), flush=True)


def log(message):
    print(message, flush=True)


def read_job(path):
    try:
        with open(path, encoding="utf-8") as f:
            job = json.load(f)
    except (OSError, ValueError) as e:
        raise JobError(f"cannot read the job file {path}: {e}")
    if not isinstance(job, dict) or job.get("version") != 1:
        raise JobError("the job file must be a JSON object with version 1")
    for key, kind in (("dataset_path", str), ("output_dir", str), ("target", str), ("feature_names", list), ("feature_spec", dict), ("params", dict), ("seed", int)):
        if not isinstance(job.get(key), kind):
            raise JobError(f"job file: '{key}' must be a {kind.__name__}")
    params = dict(PARAM_DEFAULTS)
    unknown = set(job["params"]) - set(PARAM_DEFAULTS)
    if unknown:
        raise JobError(f"job file: unknown params {sorted(unknown)}")
    params.update(job["params"])
    job["params"] = params
    return job


def read_features(path, d):
    """The transformed features as float32 [N, d] and the 0/1 labels as float32 [N]."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None or len(header) != d + 1:
            raise JobError(f"{path}: expected a header of {d} features and the target")
        rows = [r for r in reader if r]
    if not rows:
        raise JobError(f"{path}: no data rows")
    try:
        data = np.array(rows, dtype=np.float64)
    except ValueError as e:
        raise JobError(f"{path}: a cell is not a number ({e})")
    if data.ndim != 2 or data.shape[1] != d + 1:
        raise JobError(f"{path}: every row must have {d + 1} cells")
    if not np.all(np.isfinite(data)):
        r, c = np.argwhere(~np.isfinite(data))[0]
        raise JobError(f"{path}: row {r + 1}, column {c + 1} is not a finite number (impute missing values in the feature spec)")
    y = data[:, d]
    if not np.all((y == 0) | (y == 1)):
        raise JobError(f"{path}: the target column must hold 0 or 1")
    # float64 -> float32 rounds to nearest, as Vigil's Float32Array.from does when it scores the graph.
    return data[:, :d].astype(np.float32), y.astype(np.float32)


def feature_blocks(spec, d):
    """[(start, width, categorical)] per feature in spec order, from the fitted spec's widths.

    A categorical input's feature is its one-hot block (one column per category); a numeric
    feature ending in a one-hot bucketize is boundaries + 1 columns; any other feature is one
    column. None when the widths do not add up to d (then every column is treated as dense)."""
    inputs = {i.get("name"): i for i in spec.get("inputs", []) if isinstance(i, dict)}
    blocks, start = [], 0
    for f in spec.get("features", []):
        transforms = f.get("transforms") or []
        last = transforms[-1] if transforms else {}
        categorical = inputs.get(f.get("input"), {}).get("type") == "categorical"
        if categorical:
            width = len(last.get("categories") or [])
        elif last.get("op") == "bucketize" and last.get("encoding", "one_hot") == "one_hot":
            width = len(last.get("boundaries") or []) + 1
        else:
            width = 1
        blocks.append((start, width, categorical))
        start += width
    return blocks if start == d else None


class TabularMLP(nn.Module):
    """Dense columns and per-categorical embeddings, concatenated, then Linear+ReLU layers.

    An embedding is a bias-free Linear on the categorical's one-hot block: one_hot @ W is the
    category's row of W (an embedding lookup), and the all-zero block of an unknown or missing
    value gives the zero vector. forward() returns P(class 1); logits() is what training uses."""

    def __init__(self, d, blocks, params):
        super().__init__()
        self.pieces = []  # ("dense", start, end) or ("embed", start, end, index)
        embeds = []
        width = 0
        for start, w, categorical in blocks:
            if w == 0:
                continue
            if categorical and params["categorical"] == "embedding":
                dim = min(params["embedding_dim"], w)
                emb = nn.Linear(w, dim, bias=False)
                nn.init.normal_(emb.weight, 0.0, 1.0)
                self.pieces.append(("embed", start, start + w, len(embeds)))
                embeds.append(emb)
                width += dim
            elif self.pieces and self.pieces[-1][0] == "dense" and self.pieces[-1][2] == start:
                self.pieces[-1] = ("dense", self.pieces[-1][1], start + w)
                width += w
            else:
                self.pieces.append(("dense", start, start + w))
                width += w
        if width == 0:
            raise JobError("the feature spec gives no columns to train on")
        self.embeddings = nn.ModuleList(embeds)
        self.whole = len(self.pieces) == 1 and self.pieces[0] == ("dense", 0, d)
        layers, inp = [], width
        for _ in range(params["hidden_layers"]):
            layers += [nn.Linear(inp, params["hidden_units"]), nn.ReLU()]
            if params["dropout"] > 0:
                layers.append(nn.Dropout(params["dropout"]))
            inp = params["hidden_units"]
        layers.append(nn.Linear(inp, 1))
        self.body = nn.Sequential(*layers)
        self.input_width = width

    def logits(self, x):
        if self.whole:
            h = x
        else:
            parts = []
            for piece in self.pieces:
                part = x[:, piece[1]:piece[2]]
                parts.append(self.embeddings[piece[3]](part) if piece[0] == "embed" else part)
            h = parts[0] if len(parts) == 1 else torch.cat(parts, dim=1)
        return self.body(h)

    def forward(self, x):
        return torch.sigmoid(self.logits(x))


def auc(y, p):
    """ROC AUC by the rank-sum statistic, ties given their average rank; None with one class."""
    pos = float(y.sum())
    neg = float(len(y) - pos)
    if pos == 0 or neg == 0:
        return None
    order = np.argsort(p, kind="mergesort")
    _, tie_group, counts = np.unique(p[order], return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)  # 1-based rank of each tie group's last member
    ranks = np.empty(len(p), dtype=np.float64)
    ranks[order] = ((ends - counts + 1 + ends) / 2.0)[tie_group]
    return float((ranks[y == 1].sum() - pos * (pos + 1) / 2.0) / (pos * neg))


def choose_device(wanted):
    if wanted == "cpu":
        return torch.device("cpu")
    if torch.cuda.is_available():
        return torch.device("cuda")
    if wanted == "cuda":
        raise JobError(f"device 'cuda' was asked for, but CUDA sees no GPU (torch {torch.__version__}, built with CUDA {torch.version.cuda or 'none'})")
    return torch.device("cpu")


def blas_library():
    """The BLAS shared library this process mapped (results depend on it), or 'unknown'."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as f:
            libs = {line.split()[-1] for line in f if line.split()[-1].startswith("/")}
    except OSError:
        return "unknown"
    found = sorted(lib for lib in libs if any(k in os.path.basename(lib).lower() for k in ("blas", "mkl_rt", "mkl_core")))
    return ", ".join(os.path.realpath(lib) for lib in found) or "unknown"


def runtime_record(device):
    rt = {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "numpy": np.__version__,
        "device": device.type,
        "cuda": torch.version.cuda or "none",
        "threads": torch.get_num_threads(),
        "blas": blas_library(),
        "exporter": "torch.onnx.export (TorchScript, dynamo=False), opset 17",
    }
    if device.type == "cuda":
        rt["gpu"] = torch.cuda.get_device_name(device)
        rt["cudnn"] = str(torch.backends.cudnn.version())
        rt["bit_reproducible"] = "false"
        rt["reproducibility"] = "GPU training: the model may differ in its last bits across GPU models, drivers and CUDA versions, so the artifact is not bit-reproducible"
    else:
        rt["gpu"] = "none"
        rt["bit_reproducible"] = "true"
        rt["reproducibility"] = "CPU training: seeded, one thread, deterministic algorithms; the same job on the same torch and BLAS gives the same model.onnx"
    return rt


def export_onnx(model, d, path):
    kwargs = dict(
        input_names=["features"],
        output_names=["probability"],
        dynamic_axes={"features": {0: "batch"}, "probability": {0: "batch"}},
        opset_version=17,
        do_constant_folding=True,
    )
    # torch >= 2.5 has a dynamo exporter (the default from 2.9); Vigil uses the TorchScript one.
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False
    buf = io.BytesIO()
    with torch.no_grad():
        torch.onnx.export(model, torch.zeros(2, d, dtype=torch.float32), buf, **kwargs)
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def train(job):
    params = job["params"]
    seed = job["seed"]
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)
    device = choose_device(params["device"])
    if device.type == "cpu":
        torch.set_num_threads(1)
        torch.use_deterministic_algorithms(True)
    else:
        torch.backends.cuda.matmul.allow_tf32 = False  # full float32, so exporter parity holds
        torch.backends.cudnn.allow_tf32 = False
        torch.backends.cudnn.benchmark = False
        torch.use_deterministic_algorithms(True, warn_only=True)
    emit({"type": "runtime", "runtime": runtime_record(device)})

    names = job["feature_names"]
    d = len(names)
    X, y = read_features(job["dataset_path"], d)
    n = len(y)
    blocks = feature_blocks(job["feature_spec"], d)
    if blocks is None:
        log("note: the feature spec's widths do not add up to the feature columns; every column is treated as dense")
        blocks = [(0, d, False)]

    rng = np.random.default_rng(seed)
    n_val = int(math.floor(n * params["validation_fraction"]))
    perm = rng.permutation(n)
    val_idx, train_idx = np.sort(perm[:n_val]), np.sort(perm[n_val:])
    if len(train_idx) == 0:
        raise JobError("no training rows left after the validation split")

    model = TabularMLP(d, blocks, params).to(device)
    n_params = sum(p.numel() for p in model.parameters())
    log(f"torch-mlp: {n} rows ({len(train_idx)} train, {n_val} validation), {d} features -> {model.input_width} inputs "
        f"({len(model.embeddings)} embedded categoricals), {params['hidden_layers']}x{params['hidden_units']} hidden, {n_params} parameters, device {device.type}, seed {seed}")

    Xt = torch.from_numpy(X).to(device)
    yt = torch.from_numpy(y).to(device).unsqueeze(1)
    tr = torch.from_numpy(train_idx).to(device)
    va = torch.from_numpy(val_idx).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=params["learning_rate"], weight_decay=params["weight_decay"])
    loss_fn = nn.BCEWithLogitsLoss()
    gen = torch.Generator().manual_seed(seed)
    bs = params["batch_size"]
    epochs = params["epochs"]
    history = {}
    t0 = time.perf_counter()
    for epoch in range(1, epochs + 1):
        model.train()
        order = tr[torch.randperm(len(tr), generator=gen).to(device)]
        total = torch.zeros((), device=device)  # summed on the device: no host sync per batch
        for s in range(0, len(order), bs):
            idx = order[s:s + bs]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model.logits(Xt[idx]), yt[idx])
            loss.backward()
            opt.step()
            total += loss.detach() * len(idx)
        history = {"loss": float(total) / len(order)}
        if n_val > 0:
            model.eval()
            with torch.no_grad():
                z = model.logits(Xt[va])
                history["val_loss"] = float(loss_fn(z, yt[va]))
                a = auc(y[val_idx], torch.sigmoid(z).squeeze(1).cpu().numpy().astype(np.float64))
                if a is not None:
                    history["val_auc"] = a
        if not all(math.isfinite(v) for v in history.values()):
            raise JobError(f"training diverged at epoch {epoch} (loss {history['loss']}); lower learning_rate")
        emit({"type": "progress", "step": epoch, "total": epochs, "metrics": history})
    train_seconds = time.perf_counter() - t0

    model.eval()
    k = min(n, REFERENCE_ROWS)
    with torch.no_grad():
        reference = model(Xt[:k]).squeeze(1).cpu().numpy()
    out = job["output_dir"]
    model = model.cpu()
    export_onnx(model, d, os.path.join(out, "model.onnx"))
    with open(os.path.join(out, "reference_outputs.json"), "w", encoding="utf-8") as f:
        json.dump({"rows": k, "device": device.type, "probability": [float(v) for v in reference]}, f)
    metrics = {
        "epochs": epochs,
        "final": history,
        "train_rows": int(len(train_idx)),
        "validation_rows": int(n_val),
        "parameters": int(n_params),
        "device": device.type,
        "train_seconds": round(train_seconds, 6),
        "categorical": params["categorical"],
        "embedded_categoricals": len(model.embeddings),
    }
    with open(os.path.join(out, "metrics.json"), "w", encoding="utf-8") as f:
        json.dump(metrics, f)
    log(f"torch-mlp: trained in {train_seconds:.3f} s; wrote model.onnx, metrics.json, reference_outputs.json")


def main(argv):
    path = argv[1] if len(argv) > 1 else os.environ.get("VIGIL_JOB_FILE")
    if not path:
        print("usage: train.py JOB_FILE (or set VIGIL_JOB_FILE)", file=sys.stderr)
        return 2
    try:
        train(read_job(path))
    except JobError as e:
        print(f"torch-mlp: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
