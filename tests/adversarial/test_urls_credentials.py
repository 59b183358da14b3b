"""URLs, IRIs and credentials given on the command line or in the config, used as a hostile user
or a careless operator would: nothing is sent to a malformed or non-http(s) URL, a request URL
never loses ``graph=``, and a password never reaches a message, with or without ``--debug``."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner, Result
from oxigraph_server import OxigraphServer, running_oxigraph

from sekom_kg.cli import cli
from sekom_kg.config import default_config_path
from sekom_kg.graph_store import DEFAULT_GRAPH
from sekom_kg.urls import check_base, check_endpoint

SECRET = "s3cr3t-pa55"
G1, G2 = "https://example.org/graph/one", "https://example.org/graph/two"
PUT_QUERY = "graph=" + quote(DEFAULT_GRAPH, safe="")


def write_dist(root: Path, triples: int = 3) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    lines = [
        f'<https://w3id.org/sekom/id/event/e{i}> <https://schema.org/name> "e{i}" .'
        for i in range(triples)
    ]
    (root / "sekom.nt").write_text("\n".join(sorted(lines)) + "\n", encoding="utf-8")
    return root


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    clean = {
        "SEKOM_KG_ENDPOINT_TOKEN": "",
        "SEKOM_KG_ENDPOINT_USER": "",
        "SEKOM_KG_ENDPOINT_PASSWORD": "",
    }
    return CliRunner().invoke(cli, list(args), env={**clean, **(env or {})})


def assert_usage_error(result: Result, *needles: str) -> str:
    """Exit 2 with exactly one ``error: …`` line (no traceback, no internal error)."""
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "internal error" not in lines[0] and "Traceback" not in result.output
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def assert_secret_hidden(result: Result) -> None:
    assert SECRET not in result.output and SECRET not in result.stderr
    assert base64.b64encode(f"ann:{SECRET}".encode()).decode() not in result.output


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A fresh oxigraph server holding two other named graphs."""
    with running_oxigraph(tmp_path / "store") as server:
        server.put(G1, b"<urn:x:a> <urn:x:b> <urn:x:c> .\n")
        server.put(G2, b"<urn:x:a> <urn:x:b> <urn:x:d> .\n<urn:x:a> <urn:x:b> <urn:x:e> .\n")
        yield server


def other_graphs(server: OxigraphServer) -> tuple[int, int]:
    return server.count(G1), server.count(G2)


# ---------------------------------------------------------------- bases


BAD_BASES = [
    ("https://example.org/kg/?x=1/", "query"),
    ("https://user:password@example.org/kg/", "user-info"),
    ("https://example.org:99999/kg/", "port"),
    ("https://example.org/kg/../", "'..'"),
    ("https://example.org/./kg/", "'.'"),
    ("https://example.org/kg/#/", "fragment"),
    ("https://example.org/%zz/", "percent-escape"),
    ("https://[::1/", "malformed host"),
    ("https://example.org/k\ng/", "control character"),
    ("https://example.org/k g/", "space"),
    ("https://example.org/kg\u2028/", "control character"),
    ("https://example.org/kg", "end with '/'"),
    ("http:///kg/", "no host"),
    ("https://ex..org/", "host name"),
    ("ftp://example.org/kg/", "http(s)"),
    ("javascript:alert(1)//", "http(s)"),
    ("not a url", "http(s)"),
    ("", "empty"),
    ("https://Example.org/kg/", "lower case"),
]


@pytest.mark.parametrize(("base", "reason"), BAD_BASES)
def test_build_base_is_validated(tmp_path: Path, base: str, reason: str) -> None:
    out = tmp_path / "out"
    result = run("build", "--base", base, "--out", str(out))
    line = assert_usage_error(result, "--base", reason)
    assert "user:password@example" not in line
    assert not out.exists()


@pytest.mark.parametrize(("base", "reason"), BAD_BASES)
def test_site_base_and_base_url_are_validated(tmp_path: Path, base: str, reason: str) -> None:
    for option in ("--base", "--base-url"):
        result = run(
            "site", "--dist", str(tmp_path / "dist"), "--out", str(tmp_path / "site"), option, base
        )
        assert_usage_error(result, option, reason)
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("not a url", "http(s)"),
        ("javascript:alert(1)", "http(s)"),
        (
            "https://example.org/sparql\nRewriteRule ^ http://evil.example/ [R=302,L]",
            "control character",
        ),
        ("https://ann:pw@example.org/sparql", "user-info"),
        ("https://example.org/sparql#x", "fragment"),
    ],
)
def test_site_sparql_endpoint_is_validated(tmp_path: Path, url: str, reason: str) -> None:
    result = run("site", "--dist", str(tmp_path / "dist"), "--sparql-endpoint", url)
    assert_usage_error(result, "--sparql-endpoint", reason)


def config_with(tmp_path: Path, key: str, value: str) -> Path:
    """A copy of the default config with ``publishing.KEY`` set to ``value``."""
    lines = default_config_path().read_text(encoding="utf-8").splitlines()
    changed = [
        f"{key} = {json.dumps(value)}" if line.startswith(f"{key} =") else line for line in lines
    ]
    assert changed != lines, key
    path = tmp_path / "config.toml"
    path.write_text("\n".join(changed) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("key", ["base_iri", "download_base"])
@pytest.mark.parametrize(("base", "reason"), BAD_BASES[:12])
def test_config_bases_are_validated(tmp_path: Path, key: str, base: str, reason: str) -> None:
    path = config_with(tmp_path, key, base)
    result = run("build", "--config", str(path), "--out", str(tmp_path / "out"))
    assert_usage_error(result, f"publishing.{key}", reason)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://ann:pw@example.org/sparql", "user-info"),
        ("https://example.org/sparql#x", "fragment"),
        ("not a url", "http(s)"),
    ],
)
def test_config_sparql_endpoint_is_validated(tmp_path: Path, url: str, reason: str) -> None:
    path = config_with(tmp_path, "sparql_endpoint", url)
    result = run("build", "--config", str(path), "--out", str(tmp_path / "out"))
    assert_usage_error(result, "publishing.sparql_endpoint", reason)


@pytest.mark.parametrize(
    "base",
    [
        "https://example.org/kg/",
        "http://example.org:8080/",
        "https://[2001:db8::1]/kg/",
        "https://[::1]:8443/kg/",
        "https://räksmörgås.se/kg/",
        "https://example.org/a%20b/",
        "https://example.org/kg.v1/",
    ],
)
def test_valid_bases_are_accepted(base: str) -> None:
    assert check_base(base, "--base") == base


def test_endpoint_userinfo_is_split_off_and_percent_decoded() -> None:
    endpoint = check_endpoint("http://ann:p%40ss@[::1]:7878/store?x=1")
    assert (endpoint.url, endpoint.user, endpoint.password) == (
        "http://[::1]:7878/store?x=1",
        "ann",
        "p@ss",
    )
    assert "p@ss" not in repr(endpoint)


def test_build_with_ipv6_base_remints(tmp_path: Path, mini_bundle: Path) -> None:
    out = tmp_path / "out"
    result = run("build", "--base", "https://[2001:db8::1]/kg/", "--out", str(out), "--no-site")
    assert result.exit_code == 0, result.output
    assert "<https://[2001:db8::1]/kg/id/" in (out / "sekom.nt").read_text(encoding="utf-8")
    shutil.rmtree(out)
