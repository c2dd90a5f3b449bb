"""Records a training done elsewhere as a Vigil run, through vigil_client: here the "training" is
a `vigil train --out DIR` output directory (model.onnx, metrics.json, lineage.json), replayed as
a script would log it while it trains.

    python3 clients/python/examples/log_train_output.py --experiment churn --out-dir DIR \
        [--dataset-version ID --target y] [--code-version SHA]

Prints the run id (the last line of its output) once the run is finished with DIR/model.onnx.
VIGIL_URL and VIGIL_TOKEN say which console and as whom.
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from vigil_client import VigilClient, VigilError  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--experiment", required=True)
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--dataset-version")
    ap.add_argument("--target")
    ap.add_argument("--code-version")
    a = ap.parse_args()
    with open(os.path.join(a.out_dir, "lineage.json")) as f:
        lineage = json.load(f)
    with open(os.path.join(a.out_dir, "metrics.json")) as f:
        metrics = json.load(f)

    vigil = VigilClient()
    run = vigil.start_run(a.experiment, trainer="vigil-train-%s" % lineage.get("trainer", "unknown"),
                          dataset_version_id=a.dataset_version, target=a.target, code_version=a.code_version,
                          params={"trainer": lineage.get("trainer")})
    print("started run %s" % run.id, flush=True)
    try:
        run.log_params(lineage.get("params") or {})
        run.log_params({"seed": lineage.get("seed")})
        # The holdout fit's iterations, as the curves a training loop would log step by step.
        steps = [s for s in metrics["step_metrics"] if s["phase"] == "holdout"]
        for s in steps:
            run.log_metrics({k: v for k, v in s["metrics"].items() if k in ("loss", "valid_loss", "valid_auc")},
                            step=s["iteration"], progress=s["iteration"] / s["total"])
        run.finish(os.path.join(a.out_dir, "model.onnx"))
    except VigilError as e:
        print("vigil refused: %s" % e, file=sys.stderr)
        return 2
    except Exception as e:  # the script's own failure: record it on the run, then re-raise
        run.fail("%s: %s" % (type(e).__name__, e))
        raise
    print(run.id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
