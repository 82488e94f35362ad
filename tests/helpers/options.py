"""What the plugin registers with pytest's parser, recorded by a stand-in parser (the docs' tests read it)."""

from __future__ import annotations

from typing import Any

from pytest_claims import plugin


class OptionRecorder:
    """Stands in for pytest's parser: records each option (its names and attributes) and ini key."""

    def __init__(self) -> None:
        self.registered: list[tuple[tuple[str, ...], dict[str, Any]]] = []
        self.inis: list[str] = []

    @property
    def options(self) -> dict[str, dict[str, Any]]:
        """Each option's attributes by every name it has."""
        return {name: attrs for names, attrs in self.registered for name in names}

    def getgroup(self, name: str, description: str = "") -> OptionRecorder:
        return self

    def addoption(self, *names: str, **attrs: Any) -> None:
        self.registered.append((names, attrs))

    def addini(self, name: str, help: str, **attrs: Any) -> None:
        self.inis.append(name)


def plugin_options() -> OptionRecorder:
    """Everything the plugin's ``pytest_addoption`` registers."""
    recorder = OptionRecorder()
    plugin.pytest_addoption(recorder)  # type: ignore[arg-type]
    return recorder
