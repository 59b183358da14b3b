"""The publishing model at the CLI: base, site URL and download base must fit together."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sekom_kg.cli import cli
from sekom_kg.core.config import default_config_path


def _config(tmp_path: Path, **publishing: str) -> Path:
    text = default_config_path().read_text(encoding="utf-8")
    for key, value in publishing.items():
        lines = [
            f'{key} = "{value}"' if line.startswith(f"{key} =") else line
            for line in text.splitlines()
        ]
        text = "\n".join(lines) + "\n"
    path = tmp_path / "sekom-kg.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("settings", "args", "reason"),
    [
        ({"download_base": "https://w3id.org/sekom/dist/"}, [], "the site does not serve it"),
        ({"download_base": "https://files.example/x/"}, [], "the site does not serve it"),
        (
            {"download_base": "https://w3id.org/sekom/download/"},
            ["--site-url", "https://host.example/site/", "--base", "https://host.example/"],
            "into itself",
        ),
        ({"site_url": "https://w3id.org/sekom/pages/"}, [], "into itself"),
        ({"site_url": "https://host.example/site/"}, ["--site-url", "https://w3id.org/"], "into"),
    ],
)
def test_build_refuses_links_the_site_does_not_serve(
    tmp_path: Path, settings: dict[str, str], args: list[str], reason: str
) -> None:
    config = _config(tmp_path, **settings)
    out = tmp_path / "dist"
    result = CliRunner().invoke(cli, ["build", "--config", str(config), "--out", str(out), *args])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: ") and reason in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert not out.exists()


def test_a_site_elsewhere_may_download_through_the_base(tmp_path: Path) -> None:
    """The base's download/ is fine when the base redirects to a site elsewhere."""
    config = _config(tmp_path, site_url="https://host.example/site/")
    out = tmp_path / "dist"
    result = CliRunner().invoke(cli, ["build", "--config", str(config), "--out", str(out)])
    assert result.exit_code == 0, result.output
    catalog = (out / "catalog.ttl").read_text(encoding="utf-8")
    assert "<https://w3id.org/sekom/download/sekom.ttl>" in catalog
    w3id = (out / "site" / "w3id" / ".htaccess").read_text(encoding="utf-8")
    assert '"https://host.example/site/$1.ttl" [R=303,L]' in w3id


def test_site_refuses_a_url_that_would_not_serve_the_downloads(tmp_path: Path) -> None:
    site = "https://host.example/site/"
    config = _config(tmp_path, site_url=site, download_base=site + "download/")
    dist = tmp_path / "dist"
    args = ["build", "--no-site", "--config", str(config), "--out", str(dist)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    for url in ("https://other.example/", "https://w3id.org/sekom/"):
        out = tmp_path / "out"
        args = ["site", "--dist", str(dist), "--out", str(out), "--base-url", url]
        refused = CliRunner().invoke(cli, args)
        assert refused.exit_code == 2, refused.output
        assert refused.output.startswith("error: --base-url") and "build again" in refused.output
        assert not out.exists()
    args = ["site", "--dist", str(dist), "--out", str(tmp_path / "out"), "--base-url", site]
    assert CliRunner().invoke(cli, args).exit_code == 0
