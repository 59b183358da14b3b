"""'Did you mean …?' hints for misspelt names."""

from __future__ import annotations

import difflib


def did_you_mean(given: str, known: list[str]) -> str:
    """``; did you mean 'x'?`` naming the closest of ``known`` (any case), or "".

    >>> did_you_mean("yr", ["year", "country"]), did_you_mean("zzz", ["year"])
    ("; did you mean 'year'?", '')
    """
    lowered = {name.lower(): name for name in known}
    close = difflib.get_close_matches(given.lower(), list(lowered), n=3, cutoff=0.6)
    return suggest([lowered[c] for c in close])


def suggest(names: list[str]) -> str:
    return f"; did you mean {' or '.join(map(repr, names))}?" if names else ""
