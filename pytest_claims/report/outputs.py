"""The report files of a run: one result (the dict :func:`~.json_report.build_report` returns), several views.

Each view is a pure function from that dict to text, registered in :data:`VIEWS` under the name of its
option; :func:`write_view` is the only part that touches a file, and writes it whole or not at all.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..records.errors import ClaimsError
from .html import render_html
from .sarif import render_sarif

#: a view: the run's report (a dict of JSON values) rendered as the text of a file
Render = Callable[[Mapping[str, Any]], str]


@dataclass(frozen=True)
class View:
    """One kind of report file: how the closing section names it and how it is rendered."""

    label: str
    render: Render


def render_json(report: Mapping[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


#: every report file a run can write, by the kind its option names
VIEWS: dict[str, View] = {
    "json": View("claims report", render_json),
    "html": View("HTML report", render_html),
    "sarif": View("SARIF report", render_sarif),
}


def write_view(path: Path, text: str, label: str) -> None:
    """Write ``text`` to ``path`` as UTF-8 under another name, then rename it: a reader never sees half a
    file. Raises ClaimsError naming the file when it cannot be written."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    except OSError as error:
        if partial.is_file():
            partial.unlink()
        raise ClaimsError(f"cannot write the {label}: {error.strerror or error}", str(path)) from None
