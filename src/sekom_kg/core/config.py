"""Publisher settings from one TOML file (``sekom-kg.toml``), validated into a frozen dataclass.

The package default is ``sekom_kg/default_config.toml``; every key is documented there.

>>> config = load_config()
>>> config.licence
'http://publications.europa.eu/resource/authority/licence/CC_BY_4_0'
>>> config.themes
('GOVE', 'INTR', 'ENVI', 'REGI')
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import tomllib
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from sekom_kg.core.authorities import THEMES
from sekom_kg.core.config_reader import DATE, Reader, optional, texts
from sekom_kg.core.errors import ConfigError

#: The file `sekom-kg build` picks up from the current directory when no --config is given.
CONFIG_NAME = "sekom-kg.toml"
_EMAIL = re.compile(r"^[^@\s:/]+@[^@\s:/]+\.[^@\s:/]+$")
_CODE = re.compile(r"^[A-Z_]{2,}$")
_TELEPHONE = re.compile(r"^\+?[0-9()\-.\s]+$")
_ORGANISATION_NUMBER = re.compile(r"^\d{10}$")
#: ADMS publisher types (http://purl.org/adms/publishertype/CODE) that DCAT-AP-SE lists.
PUBLISHER_TYPES = (
    "Academia-ScientificOrganisation",
    "Company",
    "IndustryConsortium",
    "LocalAuthority",
    "NationalAuthority",
    "NonGovernmentalOrganisation",
    "NonProfitOrganisation",
    "PrivateIndividual(s)",
    "RegionalAuthority",
    "StandardisationBody",
    "SupraNationalAuthority",
)
#: ADMS licence types (http://purl.org/adms/licencetype/CODE).
LICENCE_TYPES = (
    "Attribution",
    "GrantBack",
    "JurisdictionWithinTheEU",
    "KnownPatentEncumbrance",
    "NoDerivativeWork",
    "NominalCost",
    "NonCommercialUseOnly",
    "OtherRestrictiveClauses",
    "PublicDomain",
    "ReservedNames-Endorsement-OfficialStatus",
    "RoyaltiesRequired",
    "UnknownIPR",
    "ViralEffect-ShareAlike",
)
#: EU planned-availability codes (http://publications.europa.eu/resource/authority/planned-availability/).
AVAILABILITY = ("TEMPORARY", "EXPERIMENTAL", "AVAILABLE", "STABLE")
#: The parts of the contact point's postal address (``contact.KEY`` → vCard property).
ADDRESS_PARTS = ("street_address", "postal_code", "locality", "country_name")


#: Every table of a config file and the keys it may hold (anything else is an error).
KEYS: dict[str, tuple[str, ...]] = {
    "publishing": (
        *("base_iri", "download_base", "sparql_endpoint", "licence", "licence_page"),
        *("licence_type", "availability", "site_url"),
    ),
    "publisher": (
        *("iri", "name_sv", "name_en", "type", "description_sv", "description_en"),
        *("homepage", "organisation_number"),
    ),
    "contact": ("name", "email", "telephone", *ADDRESS_PARTS),
    "dataset": (
        *(f"{key}_{lang}" for key in ("title", "description", "keywords") for lang in ("sv", "en")),
        *("themes", "languages", "start_year", "end_year", "source_page", "issued", "version"),
    ),
}


@dataclass(frozen=True)
class Config:
    """Validated publisher settings (see ``default_config.toml`` for each key)."""

    source: str
    base_iri: str
    download_base: str
    sparql_endpoint: str | None
    licence: str
    licence_page: str
    publisher_iri: str
    publisher_name: dict[str, str]
    contact_name: str
    contact_email: str
    title: dict[str, str]
    description: dict[str, str]
    keywords: dict[str, tuple[str, ...]]
    themes: tuple[str, ...]
    languages: tuple[str, ...]
    start_year: int
    end_year: int
    source_page: str
    publisher_type: str | None = None
    publisher_description: dict[str, str] = field(default_factory=dict)
    publisher_homepage: str | None = None
    organisation_number: str | None = None
    contact_telephone: str | None = None
    contact_address: dict[str, str] = field(default_factory=dict)
    issued: str | None = None
    availability: str | None = None
    licence_type: str | None = None
    version: str | None = None
    site_url: str | None = None


def default_config_path() -> Path:
    """The package default, ``sekom_kg/default_config.toml``."""
    return Path(str(files("sekom_kg") / "default_config.toml"))


def _themes(r: Reader) -> tuple[str, ...]:
    themes = r.strings("dataset.themes", _CODE)
    for theme in themes:
        if theme not in THEMES:
            raise r.fail("dataset.themes", f"unknown EU data-theme {theme!r}: {sorted(THEMES)}")
    return themes


def _parse(document: dict[str, Any], source: str) -> Config:
    r = Reader(document, source)
    start, end = r.year("dataset.start_year"), r.year("dataset.end_year")
    if start > end:
        raise r.fail("dataset.end_year", f"{end} is before start_year {start}")
    return Config(
        source=source,
        **_publishing(r),
        **_publisher(r),
        **_contact(r),
        title={lang: r.string(f"dataset.title_{lang}") for lang in ("sv", "en")},
        description={lang: r.string(f"dataset.description_{lang}") for lang in ("sv", "en")},
        keywords={lang: r.strings(f"dataset.keywords_{lang}") for lang in ("sv", "en")},
        themes=_themes(r),
        languages=r.strings("dataset.languages", _CODE),
        start_year=start,
        end_year=end,
        source_page=r.iri("dataset.source_page") or "",
        issued=optional(r, "dataset.issued", DATE),
        version=r.text("dataset.version", required=False) or None,
    )


def _publishing(r: Reader) -> dict[str, Any]:
    """The ``[publishing]`` settings, as :class:`Config` fields."""
    return {
        "base_iri": r.iri("publishing.base_iri", slash=True) or "",
        "download_base": r.iri("publishing.download_base", slash=True) or "",
        "sparql_endpoint": r.iri("publishing.sparql_endpoint", required=False, fragment=False),
        "licence": r.iri("publishing.licence") or "",
        "licence_page": r.iri("publishing.licence_page") or "",
        "availability": optional(r, "publishing.availability", allowed=AVAILABILITY),
        "licence_type": optional(r, "publishing.licence_type", allowed=LICENCE_TYPES),
        "site_url": r.iri("publishing.site_url", slash=True, required=False),
    }


def _publisher(r: Reader) -> dict[str, Any]:
    """The ``[publisher]`` settings, as :class:`Config` fields."""
    return {
        "publisher_iri": r.iri("publisher.iri") or "",
        "publisher_name": {lang: r.string(f"publisher.name_{lang}") for lang in ("sv", "en")},
        "publisher_type": optional(r, "publisher.type", allowed=PUBLISHER_TYPES),
        "publisher_description": texts(r, "publisher.description"),
        "publisher_homepage": r.iri("publisher.homepage", required=False),
        "organisation_number": optional(r, "publisher.organisation_number", _ORGANISATION_NUMBER),
    }


def _contact(r: Reader) -> dict[str, Any]:
    """The ``[contact]`` settings, as :class:`Config` fields."""
    email = r.string("contact.email").removeprefix("mailto:")
    if not _EMAIL.match(email):
        raise r.fail("contact.email", f"not an e-mail address: {email!r}")
    return {
        "contact_name": r.string("contact.name"),
        "contact_email": email,
        "contact_telephone": optional(r, "contact.telephone", _TELEPHONE),
        "contact_address": {
            part: value
            for part in ADDRESS_PARTS
            if (value := r.text(f"contact.{part}", required=False))
        },
    }


def _closest(table: str, name: str | None) -> str:
    """``; did you mean KEY?`` for the valid key nearest to ``table.name``, else the valid ones."""
    every = [f"{t}.{k}" for t, keys in KEYS.items() for k in keys]
    if name is None:
        found = difflib.get_close_matches(table, KEYS, n=1)
        if not found:  # a key outside any table, e.g. base_iri = … above [publishing]
            found = [key for key in every if key.endswith(f".{table}")]
        return f"; did you mean {found[0]}?" if found else f"; valid tables: {', '.join(KEYS)}"
    same = difflib.get_close_matches(name, KEYS.get(table, ()), n=1)
    found = [f"{table}.{same[0]}"] if same else [k for k in every if k.endswith(f".{name}")]
    valid = KEYS.get(table, ())
    return f"; did you mean {found[0]}?" if found else f"; [{table}] holds {', '.join(valid)}"


def _check_keys(document: dict[str, Any], source: str) -> None:
    """ConfigError naming the first table or key that is not in :data:`KEYS`."""
    for table, section in document.items():
        if table not in KEYS:
            kind = "table" if isinstance(section, dict) else "setting outside any table"
            raise ConfigError(f"{source}: {table}: unknown {kind}{_closest(table, None)}")
        if not isinstance(section, dict):
            raise ConfigError(f"{source}: {table}: must be a table")
        for name in section:
            if name not in KEYS[table]:
                key = f"{table}.{name}"
                raise ConfigError(f"{source}: {key}: unknown setting{_closest(table, name)}")


def _read_text(path: Path) -> str:
    """The text of a regular UTF-8 file (a BOM is allowed); ConfigError for anything else.

    Opened without blocking, so a FIFO or device is refused instead of waited on.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError as error:
        raise ConfigError(f"{path}: no such file") from error
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from error
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        what = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        raise ConfigError(f"{path}: is {what}; give a TOML file")
    with os.fdopen(fd, "rb") as stream:
        try:
            data = stream.read()
        except OSError as error:
            raise ConfigError(f"{path}: cannot read: {error.strerror}") from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ConfigError(
            f"{path}:{line}: not UTF-8 text ({error.reason}); save it as UTF-8"
        ) from error


def load_config(path: str | Path | None = None) -> Config:
    """Read and validate ``path`` (default: the package default); ConfigError if wrong.

    Unknown tables and keys are errors that name the closest valid key.
    """
    path = Path(path) if path is not None else default_config_path()
    try:
        document = tomllib.loads(_read_text(path))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: {error}") from error
    _check_keys(document, str(path))
    return _parse(document, str(path))


def find_config(explicit: str | Path | None, cwd: Path | None = None) -> Path | None:
    """The config file to use: ``explicit``, else ``./sekom-kg.toml`` if present, else None.

    A ``./sekom-kg.toml`` that is there but is no regular file is returned, so that
    :func:`load_config` reports it rather than silently using the default.
    """
    if explicit is not None:
        return Path(explicit)
    local = (cwd or Path.cwd()) / CONFIG_NAME
    return local if local.exists() or local.is_symlink() else None
