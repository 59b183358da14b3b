"""Participant counts the source gives appear on the event pages of the real site."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.cells.append(" ".join(data.split()))


@pytest.fixture(scope="module")
def site(published_dist: Path) -> Path:
    return published_dist / "site"


@pytest.mark.parametrize(
    ("page", "count"),
    [
        # "Representanter från 17 svenska ekokommuner deltar." (2010)
        ("id/event/2010-us-embassy-conference.html", "17"),
        # "tillsammans med 9 kommuner från National League of Cities" (2010)
        ("id/event/2010-us-embassy-conference.html", "9"),
        # "Sekom deltog med 5 representanter vid ICLEIs årskonferens i Bryssel." (2015)
        ("id/event/2015-iclei-annual-conference-brussels.html", "5"),
    ],
)
def test_participant_count_is_on_the_event_page(site: Path, page: str, count: str) -> None:
    parser = _Text()
    parser.feed((site / page).read_text(encoding="utf-8"))
    assert any(re.fullmatch(rf"{count}( · .*)?", cell) for cell in parser.cells), parser.cells
