"""Record a training run done outside Vigil: params, step metrics, the dataset version and code
version it used, and the ONNX model it produced. Standard library only (urllib), Python 3.8+.

    from vigil_client import VigilClient

    vigil = VigilClient()  # VIGIL_URL and VIGIL_TOKEN from the environment
    run = vigil.start_run("churn", dataset_version_id=DV, target="churned",
                          code_version=git_sha, params={"lr": 0.01})
    for epoch in range(10):
        ...
        run.log_metrics({"loss": loss, "valid_auc": auc}, step=epoch, progress=(epoch + 1) / 10)
    run.finish("model.onnx")      # or run.fail("out of memory")

Register the finished run like any other (console, or `vigil models register --run RUN_ID`).
"""

import json
import math
import os
import urllib.error
import urllib.request

__all__ = ["VigilClient", "VigilRun", "VigilError"]


class VigilError(Exception):
    """The console refused a call: `status` is the HTTP status, `field` the input at fault (or None)."""

    def __init__(self, status, message, field=None):
        super().__init__("HTTP %s: %s" % (status, message))
        self.status = status
        self.message = message
        self.field = field


class VigilClient:
    """A console at `url`, called with an API token (Settings -> API tokens)."""

    def __init__(self, url=None, token=None, timeout=60.0):
        self.url = (url or os.environ.get("VIGIL_URL") or "http://localhost:3000").rstrip("/")
        self.token = token or os.environ.get("VIGIL_TOKEN")
        if not self.token:
            raise ValueError("no API token: pass token= or set VIGIL_TOKEN")
        self.timeout = timeout

    def _post(self, path, body, content_type):
        req = urllib.request.Request(
            self.url + path,
            data=body,
            method="POST",
            headers={"authorization": "Bearer " + self.token, "content-type": content_type},
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as res:
                return json.loads(res.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            try:
                err = json.loads(e.read().decode("utf-8")).get("error") or {}
            except ValueError:
                err = {}
            raise VigilError(e.code, err.get("message") or e.reason, err.get("field")) from None

    def _post_json(self, path, body):
        # allow_nan=False: NaN and Infinity are not JSON; refuse them here with a clear message.
        try:
            data = json.dumps(body, allow_nan=False).encode("utf-8")
        except ValueError as e:
            raise ValueError("cannot send a non-finite number (NaN or Infinity): %s" % e) from None
        return self._post(path, data, "application/json")

    def start_run(self, experiment, name=None, trainer=None, dataset_version_id=None, target=None, code_version=None, params=None):
        """Starts a run (status running) and returns it."""
        body = {"experiment": experiment}
        for key, value in (("name", name), ("trainer", trainer), ("datasetVersionId", dataset_version_id),
                           ("target", target), ("codeVersion", code_version), ("params", params)):
            if value is not None:
                body[key] = value
        return VigilRun(self, self._post_json("/api/runs", body))

    def run(self, run_id):
        """A handle on an existing run (e.g. one started by another process of the same job)."""
        return VigilRun(self, {"id": run_id})


class VigilRun:
    def __init__(self, client, data):
        self.client = client
        self.data = data
        self.id = data["id"]

    def _path(self, tail):
        return "/api/runs/%s/%s" % (self.id, tail)

    def log_params(self, params):
        """Adds params (a dict); a name logged again replaces its value."""
        return self.client._post_json(self._path("params"), {"params": params})

    def log_metric(self, name, value, step, progress=None):
        return self.log_metrics({name: value}, step, progress)

    def log_metrics(self, metrics, step, progress=None):
        """Logs {name: value} at `step` (a whole number); `progress` (0-1) moves the run page's bar."""
        points = []
        for name, value in metrics.items():
            value = float(value)
            if not math.isfinite(value):
                raise ValueError("metric %r at step %s is %r; only finite numbers can be logged" % (name, step, value))
            points.append({"name": name, "step": int(step), "value": value})
        body = {"metrics": points}
        if progress is not None:
            body["progress"] = float(progress)
        return self.client._post_json(self._path("metrics"), body)

    def finish(self, model_path):
        """Uploads the ONNX model at `model_path` and marks the run succeeded; returns the run."""
        with open(model_path, "rb") as f:
            data = f.read()
        self.data = self.client._post(self._path("finish"), data, "application/octet-stream")
        return self.data

    def fail(self, error):
        """Marks the run failed, with the reason."""
        self.data = self.client._post_json(self._path("finish"), {"status": "failed", "error": str(error)})
        return self.data
