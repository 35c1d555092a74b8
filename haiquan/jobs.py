"""Background jobs (model training) with visible progress, one at a time per kind."""
from __future__ import annotations

import dataclasses
import secrets
import threading
import time
import traceback


@dataclasses.dataclass
class Job:
    id: str
    kind: str
    user: str | None
    status: str = "queued"          # queued, running, done, failed
    progress: float = 0.0
    messages: list = dataclasses.field(default_factory=list)
    result: dict | None = None
    error: str | None = None
    created: float = dataclasses.field(default_factory=time.time)
    finished: float | None = None

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


class JobBusy(Exception):
    """A job of this kind is already running."""


class JobRunner:
    """Runs callables in daemon threads and keeps their state in memory."""

    def __init__(self, keep: int = 50):
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._keep = keep

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def latest(self, kind: str) -> Job | None:
        with self._lock:
            jobs = [j for j in self._jobs.values() if j.kind == kind]
        return max(jobs, key=lambda j: j.created) if jobs else None

    def running(self, kind: str) -> Job | None:
        job = self.latest(kind)
        return job if job and job.status in ("queued", "running") else None

    def start(self, kind: str, fn, user: str | None = None) -> Job:
        """Run ``fn(progress)`` in the background; ``progress(message, fraction)`` reports."""
        with self._lock:
            if any(j.kind == kind and j.status in ("queued", "running") for j in self._jobs.values()):
                raise JobBusy(f"a {kind} job is already running")
            job = Job(id=secrets.token_hex(8), kind=kind, user=user)
            self._jobs[job.id] = job
            old = sorted(self._jobs.values(), key=lambda j: j.created)[: max(0, len(self._jobs) - self._keep)]
            for j in old:
                if j.status not in ("queued", "running"):
                    del self._jobs[j.id]

        def progress(message: str, fraction: float | None = None) -> None:
            job.messages.append(message)
            if fraction is not None:
                job.progress = max(job.progress, min(float(fraction), 1.0))

        def run() -> None:
            job.status = "running"
            try:
                job.result = fn(progress)
                job.progress, job.status = 1.0, "done"
            except Exception as exc:  # reported to the user through the job's state
                job.error = f"{type(exc).__name__}: {exc}"
                job.messages.append(traceback.format_exc(limit=3))
                job.status = "failed"
            finally:
                job.finished = time.time()

        threading.Thread(target=run, name=f"job-{job.id}", daemon=True).start()
        return job
