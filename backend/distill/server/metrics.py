"""Prometheus metrics, correct across gunicorn's worker processes.

With DISTILL_METRICS=1, `distill serve` points PROMETHEUS_MULTIPROC_DIR at a fresh directory
before any worker starts; every worker writes its samples there and /metrics (any worker)
adds them up (prometheus-client's multiprocess mode). The gunicorn config marks a dead
worker's files so its gauges drop out. Without that variable (tests, the CLI) the metrics
live in this process only.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from .. import __version__

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
_LATENCY = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUESTS = Counter("distill_requests_total", "HTTP requests answered", ["route", "method", "status"])
LATENCY = Histogram("distill_request_seconds", "Time to answer a request", ["route"], buckets=_LATENCY)
STAGES = Histogram("distill_stage_seconds", "Time spent in each pipeline stage", ["stage"],
                   buckets=_LATENCY)
CACHE = Counter("distill_cache_total", "Summarize answers by cache result", ["result"])
RATE_LIMITED = Counter("distill_rate_limited_total", "Requests refused with 429")
UNAUTHORIZED = Counter("distill_unauthorized_total", "Requests refused with 401")
MODEL_LOAD = Gauge("distill_model_load_seconds", "How long this worker took to load the model",
                   multiprocess_mode="max")
BUILD = Gauge("distill_build_info", "Distill's version and model (value 1)", ["version", "model"],
              multiprocess_mode="max")


def observe_stages(timings_ms: dict[str, float]) -> None:
    for stage, ms in timings_ms.items():
        if stage != "total":
            STAGES.labels(stage).observe(ms / 1000)


def set_build_info(model: str) -> None:
    BUILD.labels(__version__, model).set(1)


def render() -> tuple[bytes, str]:
    """The text exposition of every worker's samples (or this process's)."""
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    from prometheus_client import REGISTRY

    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def worker_exited(pid: int) -> None:
    """gunicorn's child_exit hook: the dead worker's live gauges stop counting."""
    if os.environ.get(MULTIPROC_ENV):
        multiprocess.mark_process_dead(pid)
