"""What the Dask engine's tests do to a real cluster: kill a worker process where a document says so.

A Dask WorkerPlugin runs in every worker process, and again in each worker
the nanny starts after one dies, so the fault follows the document wherever
the scheduler sends it. This module must be importable on the workers: they
are started from the test process, with its ``sys.path`` (``tests/`` in it).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, Optional

from distributed.diagnostics.plugin import WorkerPlugin


class KillOnMarker(WorkerPlugin):
    """Extracting a document whose text holds ``marker`` kills the worker process (``os._exit``, as a crash in
    a native library or the kernel's OOM killer would): every time, or with ``once`` (a file path) only the
    first time, which creates that file."""

    def __init__(self, name: str, marker: str, once: Optional[str] = None) -> None:
        self.name = name
        self.marker = marker
        self.once = once
        self._original: Optional[Callable[..., Any]] = None

    def setup(self, worker: Any) -> None:
        import pytest_claims.prose.claims as claims  # what extraction calls for each document (store/extract.py)

        original = claims.document_claims
        marker, once = self.marker, self.once

        def document_claims(document: Any, progress: Any = None) -> Any:
            if marker in document.text and (once is None or _first_time(once)):
                os._exit(1)
            return original(document, progress)

        self._original = original
        claims.document_claims = document_claims

    def teardown(self, worker: Any) -> None:
        import pytest_claims.prose.claims as claims

        if self._original is not None:
            claims.document_claims = self._original


def _first_time(path: str) -> bool:
    """True for the one caller that creates ``path``."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True
