"""The SARIF 2.1.0 view of a run (``--claims-sarif``), for GitHub code scanning and other SARIF readers.

Pure: :func:`sarif_log` turns the run's report (the dict :func:`~.json_report.build_report` returns) into a
SARIF log: one result per contradiction, at the line of its first claim's article, with a related location per
other claim; rules that could not be evaluated, unreadable documents and broken rule files as error results
under rule ids of their own (code scanning shows results, not tool notifications). See docs/ci.md.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any, Optional
from urllib.parse import quote

SARIF_VERSION = "2.1.0"
#: the official schema (Errata 01), which SARIF readers know the log by
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
TOOL_NAME = "pytest-claims"
INFORMATION_URI = "https://pypi.org/project/pytest-claims/"
#: the base every relative artifact URI is resolved against (the checked-out repository under Actions)
SOURCE_ROOT = "%SRCROOT%"
#: the rule ids of what is not a contradiction: a rule that could not be evaluated, a document or a rule file
#: that could not be read
BROKEN_RULE = "pytest-claims/broken-rule"
UNREADABLE_DOCUMENT = "pytest-claims/unreadable-document"
BROKEN_RULE_FILE = "pytest-claims/broken-rule-file"
#: the key of each result's partial fingerprint: rule, constraint, files, values and sentences, never lines
FINGERPRINT = "pytestClaims/v1"

_RUN_PROBLEMS = {
    BROKEN_RULE: "A rule could not be evaluated: it checked nothing",
    UNREADABLE_DOCUMENT: "A document could not be read: its claims were not checked",
    BROKEN_RULE_FILE: "A rule file could not be read: its rules were not run",
}
_PROBLEM_RULES = {"document": UNREADABLE_DOCUMENT, "rule file": BROKEN_RULE_FILE}
#: the report's words (json_report imports this module's table of views: no import back)
_ERROR = "error"
_WARNING = "warning"


def source_root(environ: Mapping[str, str] = os.environ, default: Optional[Path] = None) -> Path:
    """Where relative paths start: the checked-out repository under GitHub Actions (``GITHUB_WORKSPACE``),
    else ``default``, else the current folder (where pytest was started)."""
    workspace = environ.get("GITHUB_WORKSPACE")
    if workspace:
        return Path(workspace)
    return default if default is not None else Path.cwd()


def render_sarif(report: Mapping[str, Any], base_dir: Optional[Path] = None) -> str:
    """The SARIF log of ``report`` as JSON text; paths relative to ``base_dir`` (default: :func:`source_root`)."""
    log = sarif_log(report, base_dir if base_dir is not None else source_root())
    return json.dumps(log, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def sarif_log(report: Mapping[str, Any], base_dir: Path) -> dict[str, Any]:
    """The SARIF log of ``report``: one run, its rules, one result per contradiction and per run problem (a
    rule that could not be evaluated, a document or rule file that could not be read), each run problem also a
    tool execution notification."""
    base = Path(base_dir).resolve()
    rules = [_rule_descriptor(rule) for rule in report["rules"]]
    rules += [_problem_descriptor(rule_id, text) for rule_id, text in _RUN_PROBLEMS.items()]
    index = {descriptor["id"]: number for number, descriptor in enumerate(rules)}
    files = {document["path"]: document["file"] for document in report["documents"]}
    claims = {claim["id"]: claim for claim in report["claims"]}
    results: list[dict[str, Any]] = []
    for rule in report["rules"]:
        for contradiction in rule["contradictions"]:
            involved = [claims[claim_id] for claim_id in contradiction["claims"]]
            results.append(_contradiction(rule, contradiction["constraint"], involved, files, base,
                                          index[rule["name"]]))
        if rule["outcome"] == _ERROR:
            results.append(_broken_rule(rule, base, index[BROKEN_RULE]))
    for problem in report["problems"]:
        rule_id = _PROBLEM_RULES[problem["kind"]]
        results.append(_run_problem(rule_id, index[rule_id], f"{problem['kind']}: {problem['message']}",
                                    problem["file"], problem["line"], base))
    counts = report["counts"]
    # Code scanning shows results; other readers look for what stopped the tool among the notifications.
    notifications = [{"level": "error", "message": result["message"],
                      "descriptor": {"id": result["ruleId"], "index": result["ruleIndex"]},
                      **({"locations": result["locations"]} if "locations" in result else {})}
                     for result in results if result["ruleId"] in _RUN_PROBLEMS]
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {"name": TOOL_NAME, "version": _tool_version(), "informationUri": INFORMATION_URI,
                                "rules": rules}},
            "originalUriBaseIds": {SOURCE_ROOT: {"uri": base.as_uri().rstrip("/") + "/"}},
            "invocations": [{"executionSuccessful": not (counts[_ERROR] or report["problems"]),
                             "toolExecutionNotifications": notifications}],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def _tool_version() -> str:
    try:
        return metadata.version(TOOL_NAME)
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree never installed
        return "0+unknown"


def _level(severity: Optional[str]) -> str:
    return "warning" if severity == _WARNING else "error"


def _rule_descriptor(rule: Mapping[str, Any]) -> dict[str, Any]:
    check = rule["check"] or "unknown"
    return {
        "id": rule["name"],
        "shortDescription": {"text": f"{rule['name']} ({check} check)"},
        "fullDescription": {"text": f"The claims selected by rule {rule['name']} must pass its {check} check; "
                                    f"the rule is written in {Path(rule['file']).name}, line {rule['line']}."},
        "defaultConfiguration": {"level": _level(rule["severity"])},
        "properties": {"check": check, "tags": ["pytest-claims", check]},
    }


def _problem_descriptor(rule_id: str, text: str) -> dict[str, Any]:
    return {"id": rule_id, "shortDescription": {"text": text}, "defaultConfiguration": {"level": "error"},
            "properties": {"tags": ["pytest-claims"]}}


def _artifact(file: str, base: Path) -> dict[str, Any]:
    """A file as SARIF names it: relative to the source root when inside it, else an absolute file URI."""
    path = Path(file)
    try:
        relative = path.resolve().relative_to(base)
    except ValueError:
        return {"uri": path.resolve().as_uri()}
    return {"uri": quote(relative.as_posix()), "uriBaseId": SOURCE_ROOT}


def _physical(file: str, line: Optional[int], base: Path) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": _artifact(file, base)}
    if line is not None and line >= 1:
        location["region"] = {"startLine": line}
    return location


def _quoted(claim: Mapping[str, Any]) -> str:
    return f"\"{claim['surface']}\" ({claim['name']}:{claim['line']})"


def _contradiction(rule: Mapping[str, Any], constraint: str, involved: list[Mapping[str, Any]],
                   files: Mapping[str, str], base: Path, rule_index: int) -> dict[str, Any]:
    first, others = involved[0], involved[1:]
    message = f"{rule['name']}: {constraint}. Claims: {', '.join(_quoted(claim) for claim in involved)}."
    related = [{"id": number, "physicalLocation": _physical(files.get(claim["document"], claim["document"]),
                                                            claim["line"], base),
                "message": {"text": f"\"{claim['surface']}\": {claim['sentence']}"}}
               for number, claim in enumerate(others, 1)]
    result: dict[str, Any] = {
        "ruleId": rule["name"],
        "ruleIndex": rule_index,
        "level": _level(rule["severity"]),
        "message": {"text": message},
        "locations": [{"physicalLocation": _physical(files.get(first["document"], first["document"]),
                                                     first["line"], base),
                       "message": {"text": f"\"{first['surface']}\": {first['sentence']}"}}],
        "partialFingerprints": {FINGERPRINT: _fingerprint(rule["name"], constraint, involved, files, base)},
        "properties": {"check": rule["check"], "ruleFile": _artifact(rule["file"], base)["uri"],
                       "ruleLine": rule["line"]},
    }
    if related:
        result["relatedLocations"] = related
    return result


def _fingerprint(rule: str, constraint: str, involved: list[Mapping[str, Any]], files: Mapping[str, str],
                 base: Path) -> str:
    """Rule, constraint, and each claim's file, value and sentence as written: unchanged when lines move, a
    CMS record's position in its export included (its document path ``export.jsonl:LINE`` would not be)."""
    claims = sorted((_artifact(files.get(claim["document"], claim["document"]), base)["uri"], claim["surface"],
                     claim["sentence"]) for claim in involved)
    key = json.dumps([rule, constraint, claims], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _broken_rule(rule: Mapping[str, Any], base: Path, rule_index: int) -> dict[str, Any]:
    error = rule["error"] or {"message": "could not be evaluated", "file": None, "line": None}
    file, line = (error["file"], error["line"]) if error["file"] else (rule["file"], rule["line"])
    result = _run_problem(BROKEN_RULE, rule_index, f"rule {rule['name']} could not be evaluated: "
                          f"{error['message']}", file, line, base)
    result["properties"] = {"rule": rule["name"]}
    return result


def _run_problem(rule_id: str, rule_index: int, message: str, file: Optional[str], line: Optional[int],
                 base: Path) -> dict[str, Any]:
    result: dict[str, Any] = {"ruleId": rule_id, "ruleIndex": rule_index, "level": "error",
                              "message": {"text": message}}
    if file:
        result["locations"] = [{"physicalLocation": _physical(file, line, base)}]
        where = _artifact(file, base)["uri"]
    else:
        where = ""
    key = json.dumps([rule_id, where, message], ensure_ascii=False)
    result["partialFingerprints"] = {FINGERPRINT: hashlib.sha256(key.encode("utf-8")).hexdigest()}
    return result
