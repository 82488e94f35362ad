"""An HTML page as the stdlib's parser reads it, for tests that check what a browser will be given.

:class:`Tree` parses a page into :class:`Element` objects (tag, attributes, children, text gathered up the
tree); :meth:`Element.select` finds elements by a simple selector (``tag.class#id[attr=value]``, one step).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Optional


class Element:
    def __init__(self, tag: str, attrs: dict[str, Optional[str]], parent: Optional[Element]) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element] = []
        self.parts: list[str] = []

    @property
    def text(self) -> str:
        return "".join(self.parts)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def select(self, selector: str) -> list[Element]:
        """Every element below this one that matches ``selector`` (see :func:`matches`), in document order."""
        found = []
        for child in self.children:
            if matches(child, selector):
                found.append(child)
            found += child.select(selector)
        return found

    def find(self, tag: str, cls: Optional[str] = None) -> list[Element]:
        found = []
        for child in self.children:
            if child.tag == tag and (cls is None or cls in child.classes):
                found.append(child)
            found += child.find(tag, cls)
        return found


class Tree(HTMLParser):
    """The page as a browser's parser reads it: elements with attributes, text gathered up the tree."""

    VOID = {"meta", "br", "circle", "line", "rect", "path", "input", "img", "link"}

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.current = Element("#root", {}, None)
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Optional[str]]]) -> None:
        element = Element(tag, dict(attrs), self.current)
        self.current.children.append(element)
        if tag not in self.VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, Optional[str]]]) -> None:
        self.current.children.append(Element(tag, dict(attrs), self.current))

    def handle_endtag(self, tag: str) -> None:
        element: Optional[Element] = self.current
        while element is not None and element.tag != tag:
            element = element.parent
        assert element is not None and element.parent is not None, f"</{tag}> closes nothing"
        self.current = element.parent

    def handle_data(self, data: str) -> None:
        element: Optional[Element] = self.current
        while element is not None:
            element.parts.append(data)
            element = element.parent


_STEP = re.compile(r"(?P<tag>[a-z][a-z0-9]*)?(?P<rest>(?:[.#][\w-]+|\[[\w-]+(?:=[^\]]*)?\])*)")


def matches(element: Element, selector: str) -> bool:
    """Whether ``element`` matches a one-step selector: ``g.claim.contradicting``, ``#tooltip``,
    ``g[data-contradicting=true]``."""
    found = _STEP.fullmatch(selector)
    if found is None:
        raise ValueError(f"not a one-step selector: {selector}")
    if found.group("tag") and element.tag != found.group("tag"):
        return False
    for part in re.findall(r"[.#][\w-]+|\[[^\]]+\]", found.group("rest")):
        if part[0] == "." and part[1:] not in element.classes:
            return False
        if part[0] == "#" and element.attrs.get("id") != part[1:]:
            return False
        if part[0] == "[":
            name, _, value = part[1:-1].partition("=")
            if name not in element.attrs or (value and element.attrs[name] != value.strip("\"'")):
                return False
    return True
