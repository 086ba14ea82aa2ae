"""gunicorn settings for a Joinedup node: `gunicorn -c deploy/gunicorn.conf.py joinedup.wsgi`.

Bind address, workers and threads come from the command line or GUNICORN_CMD_ARGS. The hooks
keep /metrics right with several worker processes (prometheus_client multiprocess mode,
joinedup/core/metrics.py): the folder of per-process files is emptied when the server starts,
and an exited worker's live gauges are dropped (its counters stay counted).
"""

import os
import shutil
from pathlib import Path


def _metrics_dir() -> Path:
    # the same folder settings.py exports as PROMETHEUS_MULTIPROC_DIR
    var_dir = Path(os.environ.get("JOINEDUP_VAR_DIR", Path(__file__).resolve().parents[1] / "var"))
    return Path(os.environ.get("JOINEDUP_METRICS_DIR", var_dir / "metrics")).resolve()


def on_starting(server):
    folder = _metrics_dir()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
