"""The one-line message a server's error body holds (plain text, JSON or HTML)."""

from __future__ import annotations

import html.parser
import re

from sekom_kg.sparql.credentials import printable

MESSAGE_LIMIT = 300


class _Text(html.parser.HTMLParser):
    """The text of an HTML error page, without its tags, scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._skip += tag in ("script", "style", "title")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style", "title") and self._skip > 0

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def server_message(body: bytes, content_type: str = "", limit: int = MESSAGE_LIMIT) -> str:
    """The server's own error text on one line, shortened to ``limit`` characters ("…").

    HTML pages are reduced to their text; an echo of the query that some stores append
    (Virtuoso: ``SPARQL query:`` and the text) is dropped.

    >>> server_message(b"Virtuoso 37000 Error SQ074: Line 2: syntax\\n\\nSPARQL query:\\nSELECT")
    'Virtuoso 37000 Error SQ074: Line 2: syntax'
    """
    text = body.decode("utf-8", "replace")
    if "html" in content_type.lower():
        parser = _Text()
        parser.feed(text)
        text = " ".join(parser.parts)
    text = re.split(r"^\s*SPARQL query:\s*$", text, maxsplit=1, flags=re.MULTILINE)[0]
    line = " ".join(printable(text, len(text)).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
