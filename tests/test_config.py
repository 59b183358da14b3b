"""Publisher settings: defaults, validation errors naming key and file, --config."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sekom_kg.cli import cli
from sekom_kg.core.config import default_config_path, find_config, load_config
from sekom_kg.core.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def test_repo_root_config_equals_package_default() -> None:
    assert (ROOT / "sekom-kg.toml").read_bytes() == default_config_path().read_bytes()


def test_defaults_are_valid() -> None:
    config = load_config()
    assert config.base_iri == "https://w3id.org/sekom/"
    assert config.sparql_endpoint is None
    assert config.contact_email == "info@sekom.se"
    assert (config.start_year, config.end_year) == (2002, 2021)


def _write(tmp_path: Path, old: str, new: str) -> Path:
    text = default_config_path().read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "sekom-kg.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('email = "info@sekom.se"', 'email = "not an address"', "contact.email"),
        ('email = "info@sekom.se"', "", "contact.email"),
        ('base_iri = "https://w3id.org/sekom/"', 'base_iri = "w3id.org/sekom"', "base_iri"),
        ("start_year = 2002", 'start_year = "2002"', "dataset.start_year"),
        ('themes = ["GOVE"', 'themes = ["NOPE"', "dataset.themes"),
        ('sparql_endpoint = ""', 'sparql_endpoint = "ftp://x"', "publishing.sparql_endpoint"),
    ],
    ids=["bad-email", "missing-email", "relative-base", "year-as-string", "theme", "endpoint"],
)
def test_bad_setting_names_key_and_file(tmp_path: Path, old: str, new: str, key: str) -> None:
    path = _write(tmp_path, old, new)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert key in str(info.value)
    assert str(path) in str(info.value)


def test_find_config_prefers_explicit_then_local(tmp_path: Path) -> None:
    assert find_config(None, cwd=tmp_path) is None
    (tmp_path / "sekom-kg.toml").write_text("", encoding="utf-8")
    assert find_config(None, cwd=tmp_path) == tmp_path / "sekom-kg.toml"
    assert find_config("other.toml", cwd=tmp_path) == Path("other.toml")


def test_cli_bad_config_exits_2(runner: CliRunner, mini_bundle: Path, tmp_path: Path) -> None:
    path = _write(tmp_path, 'name = "Sveriges Ekokommuner"\nemail', "email")
    result = runner.invoke(cli, ["build", "--out", str(tmp_path / "d"), "--config", str(path)])
    assert result.exit_code == 2
    assert "contact.name" in result.stderr and str(path) in result.stderr
    assert not (tmp_path / "d").exists()


def test_cli_missing_config_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["build", "--config", str(tmp_path / "nope.toml")])
    assert result.exit_code == 2
    assert "nope.toml" in result.stderr


def test_config_endpoint_reaches_catalog(
    runner: CliRunner, mini_bundle: Path, tmp_path: Path
) -> None:
    path = _write(tmp_path, 'sparql_endpoint = ""', 'sparql_endpoint = "https://q.example/sparql"')
    result = runner.invoke(cli, ["build", "--out", str(tmp_path / "d"), "--config", str(path)])
    assert result.exit_code == 0, result.output
    assert "https://q.example/sparql" in (tmp_path / "d" / "catalog.ttl").read_text()


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('type = "NonProfitOrganisation"', 'type = "Charity"', "publisher.type"),
        ('organisation_number = ""', 'organisation_number = "556-123"', "organisation_number"),
        ('telephone = ""', 'telephone = "call us"', "contact.telephone"),
        ('issued = ""', 'issued = "2021-02-30"', "dataset.issued"),
        ('availability = ""', 'availability = "FOREVER"', "publishing.availability"),
        ('licence_type = "Attribution"', 'licence_type = "CC-BY"', "publishing.licence_type"),
        ('homepage = "https://www.sekom.se/"', 'homepage = "www.sekom.se"', "publisher.homepage"),
        ('locality = ""', "locality = 5", "contact.locality"),
    ],
    ids=[
        "publisher-type",
        "org-number",
        "telephone",
        "date",
        "availability",
        "licence",
        "homepage",
        "locality",
    ],
)
def test_bad_recommended_setting_exits_2(
    runner: CliRunner, mini_bundle: Path, tmp_path: Path, old: str, new: str, key: str
) -> None:
    path = _write(tmp_path, old, new)
    result = runner.invoke(cli, ["build", "--out", str(tmp_path / "d"), "--config", str(path)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and key in result.stderr, result.stderr
    assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) == 1


def test_recommended_settings_are_optional(
    runner: CliRunner, mini_bundle: Path, tmp_path: Path
) -> None:
    """A config written before these keys existed still builds, without the statements."""
    text = default_config_path().read_text(encoding="utf-8")
    optional = {"type", "homepage", "organisation_number", "telephone", "street_address",
                "postal_code", "locality", "country_name", "issued", "version",
                "availability", "licence_type"}  # fmt: skip
    publisher_descriptions = ('description_sv = "Föreningen', 'description_en = "The National')
    kept = [
        line
        for line in text.splitlines()
        if line.split(" = ")[0] not in optional and not line.startswith(publisher_descriptions)
    ]
    path = tmp_path / "old.toml"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["build", "--out", str(tmp_path / "d"), "--config", str(path)])
    assert result.exit_code == 0, result.output
    catalog = (tmp_path / "d" / "catalog.ttl").read_text(encoding="utf-8")
    assert "publishertype" not in catalog and "licencetype" not in catalog
