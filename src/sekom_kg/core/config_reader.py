"""Typed access to the settings of a TOML config, each error naming the key and the file."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sekom_kg.core.errors import ConfigError


class Reader:
    """Typed access to ``table.key`` values; errors name the key and the file."""

    def __init__(self, document: dict[str, Any], source: str) -> None:
        self.document = document
        self.source = source

    def fail(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.source}: {key}: {problem}")

    def raw(self, key: str, required: bool = True) -> Any:
        table, name = key.split(".")
        section = self.document.get(table, {})
        if not isinstance(section, dict):
            raise self.fail(table, "must be a table")
        if name not in section:
            if required:
                raise self.fail(key, "missing required setting")
            return None
        return section[name]

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.raw(key, required)
        if value is None:
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(key, f"must be a non-empty string, got {value!r}")
        return value.strip()

    def string(self, key: str) -> str:
        value = self.text(key)
        assert value is not None
        return value

    def iri(
        self, key: str, slash: bool = False, required: bool = True, fragment: bool = True
    ) -> str | None:
        """An absolute http(s) IRI without user-info; ``slash``: a base (see sekom_kg.core.urls)."""
        from sekom_kg.core.urls import check_url

        value = self.text(key, required)
        if not value:
            return None
        return check_url(
            value, f"{self.source}: {key}", base=slash, fragment=fragment, error=ConfigError
        )

    def strings(self, key: str, pattern: re.Pattern[str] | None = None) -> tuple[str, ...]:
        value = self.raw(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise self.fail(key, f"must be a non-empty list of strings, got {value!r}")
        for item in value:
            if pattern is not None and not pattern.match(item):
                raise self.fail(key, f"{item!r} is not an upper-case authority code")
        return tuple(value)

    def year(self, key: str) -> int:
        value = self.raw(key)
        if not isinstance(value, int) or isinstance(value, bool) or not 1000 <= value <= 9999:
            raise self.fail(key, f"must be a four-digit year, got {value!r}")
        return value


DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def optional(
    r: Reader, key: str, pattern: re.Pattern[str] | None = None, allowed: tuple[str, ...] = ()
) -> str | None:
    """An optional string setting ("" or absent: None), checked against a pattern or a list."""
    value = r.text(key, required=False)
    if not value:
        return None
    if pattern is not None and not pattern.match(value):
        raise r.fail(key, f"not a valid value: {value!r}")
    if pattern is DATE:
        try:
            date.fromisoformat(value)
        except ValueError as error:
            raise r.fail(key, f"not a date: {value!r}") from error
    if allowed and value not in allowed:
        raise r.fail(key, f"unknown code {value!r}: {list(allowed)}")
    return value


def texts(r: Reader, key: str) -> dict[str, str]:
    """Optional ``key_sv`` / ``key_en`` strings, the non-empty ones by language."""
    found = {lang: r.text(f"{key}_{lang}", required=False) for lang in ("sv", "en")}
    return {lang: text for lang, text in found.items() if text}
