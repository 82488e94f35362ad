"""GitHub Actions annotations of a run: workflow commands (``::error file=F,line=L,title=T::message``) that
GitHub shows on the article line of each contradiction, in the pull request and the run's summary.

Pure: :func:`annotations` turns the run's report (the dict :func:`~.json_report.build_report` returns) into
the lines to print. GitHub shows at most 10 error, 10 warning and 10 notice annotations per step (and 50 per
job); what is beyond the limit is counted in one closing notice rather than silently dropped. See docs/ci.md.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

#: annotations of one level (error, warning, notice) GitHub shows per step
ANNOTATIONS_PER_LEVEL = 10
TOOL = "pytest-claims"


@dataclass(frozen=True)
class Annotation:
    """One finding as GitHub shows it: its level ("error" or "warning"), where, a title and a message."""

    level: str
    file: Optional[str]
    line: Optional[int]
    title: str
    message: str
    #: a contradiction (else a broken rule, an unreadable document or rule file)
    contradiction: bool = True

    def command(self) -> str:
        """The workflow command that makes GitHub show it."""
        properties = []
        if self.file:
            properties.append(f"file={escape_property(self.file)}")
            if self.line is not None and self.line >= 1:
                properties.append(f"line={self.line}")
        properties.append(f"title={escape_property(self.title)}")
        return f"::{self.level} {','.join(properties)}::{escape_data(self.message)}"


def under_actions(environ: Mapping[str, str]) -> bool:
    """Whether the run is a GitHub Actions step (which sets ``GITHUB_ACTIONS=true``)."""
    return environ.get("GITHUB_ACTIONS") == "true"


def escape_data(text: str) -> str:
    """A command's message as GitHub reads it back: ``%``, CR and LF percent-encoded."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command's property value: as :func:`escape_data`, and ``:`` and ``,``, which end a property."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def findings(report: Mapping[str, Any], base_dir: Path) -> list[Annotation]:
    """Everything worth an annotation, in the order GitHub's per-step limit keeps them: each contradiction
    in rule order (what the articles' authors must fix, on their lines), then what could not be checked
    (unreadable documents, broken rule files, rules that could not be evaluated: the exit code and the job
    log say so whatever the limit drops)."""
    base = Path(base_dir).resolve()
    found: list[Annotation] = []
    files = {document["path"]: document["file"] for document in report["documents"]}
    claims = {claim["id"]: claim for claim in report["claims"]}
    for rule in report["rules"]:
        level = "warning" if rule["severity"] == "warning" else "error"
        for contradiction in rule["contradictions"]:
            involved = [claims[claim_id] for claim_id in contradiction["claims"]]
            first = involved[0]
            quoted = ", ".join(f"\"{_plain(claim['surface'])}\" ({claim['name']}:{claim['line']})"
                               for claim in involved)
            found.append(Annotation(level, _shown(files.get(first["document"], first["document"]), base),
                                    first["line"], f"{TOOL}: {rule['name']}",
                                    f"{contradiction['constraint']}\nClaims: {quoted}\n"
                                    f"Sentence: {_plain(first['sentence'])}"))
    for problem in report["problems"]:
        found.append(Annotation("error", _shown(problem["file"], base), problem["line"],
                                f"{TOOL}: unreadable {problem['kind']}", problem["message"], contradiction=False))
    for rule in report["rules"]:
        if rule["outcome"] == "error":
            error = rule["error"] or {"message": "could not be evaluated", "file": None, "line": None}
            file, line = (error["file"], error["line"]) if error["file"] else (rule["file"], rule["line"])
            found.append(Annotation("error", _shown(file, base), line, f"{TOOL}: broken rule {rule['name']}",
                                    error["message"], contradiction=False))
    return found


def _plain(text: str) -> str:
    """Text on one line with single spaces: a Markdown document's markup is blanked in place."""
    return " ".join(text.split())


def annotations(report: Mapping[str, Any], base_dir: Path, limit: int = ANNOTATIONS_PER_LEVEL) -> list[str]:
    """The workflow commands to print: at most ``limit`` per level, then, when some did not fit, one notice
    counting them (GitHub would drop them without a word)."""
    shown: list[str] = []
    left: dict[str, int] = {}
    used: dict[str, int] = {}
    left_contradictions = 0
    for annotation in findings(report, base_dir):
        if used.get(annotation.level, 0) < limit:
            used[annotation.level] = used.get(annotation.level, 0) + 1
            shown.append(annotation.command())
        else:
            left[annotation.level] = left.get(annotation.level, 0) + 1
            left_contradictions += annotation.contradiction
    if left:
        total = sum(left.values())
        kinds = " and ".join(f"{count} {level}{'s' if count > 1 else ''}" for level, count in sorted(left.items()))
        summary = (f"{total} more not annotated ({kinds}; {left_contradictions} of them contradictions): "
                   f"GitHub shows {limit} annotations of each level per step; the pytest-claims section of "
                   f"the job log lists them all")
        shown.append(f"::notice title={escape_property(f'{TOOL}: {total} more')}::{escape_data(summary)}")
    return shown


def _shown(file: Optional[str], base: Path) -> Optional[str]:
    """A file as GitHub matches it to the repository: relative to the workspace when inside it."""
    if not file:
        return None
    path = Path(file)
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()
