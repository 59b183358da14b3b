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
from http_stub import StubServer, TlsFiles
from oxigraph_server import OxigraphServer, free_port, running_oxigraph

from sekom_kg.cli import cli
from sekom_kg.core.config import default_config_path
from sekom_kg.core.urls import check_base, check_endpoint
from sekom_kg.publish.graph_store import DEFAULT_GRAPH, staging_graph

SECRET = "s3cr3t-pa55"
G1, G2 = "https://example.org/graph/one", "https://example.org/graph/two"
#: The upload goes to the staging graph of the target; the switch then replaces the target.
PUT_QUERY = "graph=" + quote(staging_graph(DEFAULT_GRAPH), safe="")


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
        "SEKOM_KG_ENDPOINT_AUTH": "",
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


# ---------------------------------------------------------------- load: the request URL


def test_empty_query_keeps_graph_and_other_graphs(store: OxigraphServer, tmp_path: Path) -> None:
    dist = write_dist(tmp_path / "dist", 5)
    result = run("load", "--endpoint", store.store_url + "?", "--dir", str(dist))
    assert result.exit_code == 0, result.output
    assert store.count(DEFAULT_GRAPH) == 5
    assert other_graphs(store) == (1, 2)
    assert f"PUT {store.store_url}?{PUT_QUERY}: HTTP" in result.stderr


@pytest.mark.parametrize(
    ("suffix", "reason"),
    [
        ("#frag", "fragment"),
        ("#", "fragment"),
        ("?graph=https://example.org/graph/one", "must not name a graph"),
        ("?default", "must not name a graph"),
        ("/../store", "'..'"),
        ("?%zz", "percent-escape"),
        ("\n", "control character"),
    ],
)
def test_bad_store_url_sends_nothing(
    store: OxigraphServer, tmp_path: Path, suffix: str, reason: str
) -> None:
    dist = write_dist(tmp_path / "dist")
    for extra in ([], ["--dry-run"]):
        result = run("load", "--endpoint", store.store_url + suffix, "--dir", str(dist), *extra)
        assert_usage_error(result, "--endpoint", reason)
    assert other_graphs(store) == (1, 2) and store.count(DEFAULT_GRAPH) == 0


def test_dry_run_shows_the_exact_request_that_is_sent(tmp_path: Path) -> None:
    dist = write_dist(tmp_path / "dist", 4)
    with StubServer(count=4) as stub:
        endpoint = f"{stub.url}/store?token=abc"
        query_endpoint = f"{stub.url}/query"
        args = [
            "load",
            "--endpoint",
            endpoint,
            "--query-endpoint",
            query_endpoint,
            "--dir",
            str(dist),
        ]
        dry = run(*args, "--dry-run")
        assert dry.exit_code == 0, dry.output
        assert not stub.seen  # a dry run sends nothing
        done = run(*args)
        assert done.exit_code == 0, done.output
    put, count, switch, recount, delete = stub.seen
    exact = f"{stub.url}/store?token=abc&{PUT_QUERY}"
    assert (put.method, stub.url + put.path) == ("PUT", exact)  # own query kept, graph= added
    assert f"would PUT {exact}\n" in dry.stdout
    for seen in (count, recount):
        assert (seen.method, stub.url + seen.path) == ("POST", query_endpoint)
    assert f"POST {query_endpoint}" in dry.stdout
    assert (switch.method, stub.url + switch.path) == ("POST", f"{stub.url}/update")
    assert f"POST {stub.url}/update" in dry.stdout and f"DROP SILENT GRAPH <{DEFAULT_GRAPH}>" in (
        dry.stdout
    )
    assert (delete.method, stub.url + delete.path) == ("DELETE", exact)
    assert f"DELETE {exact}" in dry.stdout


def test_idn_host_goes_on_the_wire_as_punycode(tmp_path: Path) -> None:
    dist = write_dist(tmp_path / "dist")
    result = run(
        "load", "--endpoint", "http://räksmörgås.example/store", "--dir", str(dist), "--dry-run"
    )
    assert result.exit_code == 0, result.output
    assert f"would PUT http://xn--rksmrgs-5wao1o.example/store?{PUT_QUERY}" in result.stdout


@pytest.mark.parametrize(
    "graph",
    [
        "not an iri",
        "relative/graph",
        "",
        "https://example.org/g x",
        "<https://e.org/g>",
        "https://e.org/%zz",
    ],
)
def test_bad_graph_iri_exits_2(store: OxigraphServer, tmp_path: Path, graph: str) -> None:
    dist = write_dist(tmp_path / "dist")
    result = run("load", "--endpoint", store.store_url, "--graph", graph, "--dir", str(dist))
    assert_usage_error(result, "--graph")
    assert other_graphs(store) == (1, 2)


@pytest.mark.parametrize("graph", ["urn:x:graph", "https://example.org/g#named"])
def test_other_absolute_graph_iris_are_loaded(
    store: OxigraphServer, tmp_path: Path, graph: str
) -> None:
    dist = write_dist(tmp_path / "dist", 2)
    result = run("load", "--endpoint", store.store_url, "--graph", graph, "--dir", str(dist))
    assert result.exit_code == 0, result.output
    assert store.count(graph) == 2 and other_graphs(store) == (1, 2)


# ---------------------------------------------------------------- endpoints: only http(s)

BAD_ENDPOINTS = [
    ("file:///etc/hostname", "http(s)"),
    ("not a url", "http(s)"),
    ("ftp://127.0.0.1/sparql", "http(s)"),
    ("http://", "no host"),
    ("http:///query", "no host"),
    ("http://127.0.0.1:99999/query", "port"),
    ("http://127.0.0.1:0/query", "port"),
    ("http://[::1/query", "malformed host"),
    ("http://exa mple.org/query", "space"),
    ("http://127.0.0.1/query#x", "fragment"),
    ("http://127.0.0.1/q\x00", "control character"),
    ("javascript:alert(1)", "http(s)"),
]


@pytest.mark.parametrize(("url", "reason"), BAD_ENDPOINTS)
def test_query_endpoint_must_be_http(url: str, reason: str) -> None:
    assert_usage_error(run("query", "01", "--endpoint", url), "--endpoint", reason)


@pytest.mark.parametrize(("url", "reason"), BAD_ENDPOINTS)
def test_load_urls_must_be_http(tmp_path: Path, url: str, reason: str) -> None:
    dist = write_dist(tmp_path / "dist")
    assert_usage_error(run("load", "--endpoint", url, "--dir", str(dist)), "--endpoint", reason)
    good = f"http://127.0.0.1:{free_port()}/store"
    result = run("load", "--endpoint", good, "--query-endpoint", url, "--dir", str(dist))
    assert_usage_error(result, "--query-endpoint", reason)


def test_query_through_ipv6_literal_endpoint() -> None:
    with StubServer(count=7, ipv6=True) as stub:
        result = run("query", "01", "--endpoint", f"{stub.url}/query", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert [s.method for s in stub.seen] == ["POST"]


# ---------------------------------------------------------------- credentials: one path


def recorded_auth(stub: StubServer) -> set[str | None]:
    return {seen.authorization for seen in stub.seen}


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_query_sends_url_userinfo_as_basic_and_never_prints_it() -> None:
    with StubServer(count=1) as stub:
        url = stub.url.replace("http://", f"http://ann:{SECRET}@") + "/query"
        for debug in ([], ["--debug"]):
            result = run(*debug, "query", "01", "--endpoint", url, "--format", "csv")
            assert result.exit_code == 0, result.output
            assert_secret_hidden(result)
    assert recorded_auth(stub) == {basic("ann", SECRET)}
    assert all("@" not in seen.path for seen in stub.seen)


def test_query_honours_the_environment_token() -> None:
    with StubServer(count=1) as stub:
        env = {"SEKOM_KG_ENDPOINT_TOKEN": SECRET}
        result = run("--debug", "query", "01", "--endpoint", f"{stub.url}/query", env=env)
    assert result.exit_code == 0, result.output
    assert recorded_auth(stub) == {f"Bearer {SECRET}"}
    assert_secret_hidden(result)


def test_query_honours_environment_user_and_password() -> None:
    with StubServer(count=1) as stub:
        env = {"SEKOM_KG_ENDPOINT_USER": "ann", "SEKOM_KG_ENDPOINT_PASSWORD": SECRET}
        result = run("query", "01", "--endpoint", f"{stub.url}/query", env=env)
    assert result.exit_code == 0, result.output
    assert recorded_auth(stub) == {basic("ann", SECRET)}


def test_load_uses_the_same_credentials_for_both_requests(tmp_path: Path) -> None:
    dist = write_dist(tmp_path / "dist", 3)
    with StubServer(count=3) as stub:
        url = stub.url.replace("http://", f"http://ann:{SECRET}@") + "/store"
        result = run("--debug", "load", "--endpoint", url, "--dir", str(dist))
    assert result.exit_code == 0, result.output
    assert [s.method for s in stub.seen] == ["PUT", "POST", "POST", "POST", "DELETE"]
    assert recorded_auth(stub) == {basic("ann", SECRET)}
    assert_secret_hidden(result)


def test_load_query_endpoint_userinfo_is_used_for_the_count(tmp_path: Path) -> None:
    dist = write_dist(tmp_path / "dist", 3)
    with StubServer(count=3) as stub:
        store = stub.url.replace("http://", "http://ann:one@") + "/store"
        query = stub.url.replace("http://", f"http://bob:{SECRET}@") + "/query"
        result = run("load", "--endpoint", store, "--query-endpoint", query, "--dir", str(dist))
    assert result.exit_code == 0, result.output
    put, count, switch, recount, delete = stub.seen
    assert (put.authorization, count.authorization) == (basic("ann", "one"), basic("bob", SECRET))
    assert recount.authorization == basic("bob", SECRET)
    assert switch.authorization == delete.authorization == basic("ann", "one")
    assert_secret_hidden(result)


@pytest.mark.parametrize("command", ["query", "load"])
@pytest.mark.parametrize(
    "url",
    [
        f"http://ann:{SECRET}@127.0.0.1:{{port}}/store",  # nothing listens: exit 3
        f"http://ann:{SECRET}@127.0.0.1:{{port}}/store#frag",  # exit 2
        f"http://ann:{SECRET}@[::1/store",  # malformed: exit 2
        f"http://ann:{SECRET}@127.0.0.1:99999/store",  # bad port: exit 2
        f"ftp://ann:{SECRET}@127.0.0.1/store",  # not http: exit 2
        f"http://ann:{SECRET}@127.0.0.1:{{port}}/st ore",  # space: exit 2
    ],
)
def test_password_never_printed_on_errors(tmp_path: Path, command: str, url: str) -> None:
    url = url.replace("{port}", str(free_port()))
    dist = write_dist(tmp_path / "dist")
    args = (
        ["query", "01", "--endpoint", url]
        if command == "query"
        else ["load", "--endpoint", url, "--dir", str(dist)]
    )
    for debug in ([], ["--debug"]):
        result = run(*debug, *args)
        assert result.exit_code in (2, 3), result.output
        assert "error: " in result.stderr and "internal error" not in result.stderr
        assert_secret_hidden(result)


def test_password_never_printed_on_http_error() -> None:
    with StubServer(mode="redirect", location=f"http://bob:{SECRET}@127.0.0.1:1/elsewhere") as stub:
        url = stub.url.replace("http://", f"http://ann:{SECRET}@") + "/query"
        result = run("--debug", "query", "01", "--endpoint", url)
    assert result.exit_code == 3, result.output
    assert_secret_hidden(result)


def test_redirect_is_not_followed_so_credentials_stay_home(tmp_path: Path) -> None:
    dist = write_dist(tmp_path / "dist")
    env = {"SEKOM_KG_ENDPOINT_TOKEN": SECRET}
    with (
        StubServer(count=3) as elsewhere,
        StubServer("redirect", location=f"{elsewhere.url}/query") as first,
    ):
        query = run("query", "01", "--endpoint", f"{first.url}/query", env=env)
        load = run("load", "--endpoint", f"{first.url}/store", "--dir", str(dist), env=env)
    for result in (query, load):
        assert result.exit_code == 3, result.output
        assert (
            "HTTP 302" in result.stderr and f"redirects to {elsewhere.url}/query" in result.stderr
        )
    assert elsewhere.seen == []  # neither the token nor the request went to the other host
    assert recorded_auth(first) == {f"Bearer {SECRET}"}


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"SEKOM_KG_ENDPOINT_PASSWORD": SECRET}, "SEKOM_KG_ENDPOINT_USER"),
        ({"SEKOM_KG_ENDPOINT_TOKEN": f"{SECRET}\r\nX-Injected: 1"}, "SEKOM_KG_ENDPOINT_TOKEN"),
        (
            {"SEKOM_KG_ENDPOINT_USER": "ann:x", "SEKOM_KG_ENDPOINT_PASSWORD": SECRET},
            "SEKOM_KG_ENDPOINT_USER",
        ),
        (
            {"SEKOM_KG_ENDPOINT_USER": "ann", "SEKOM_KG_ENDPOINT_PASSWORD": f"{SECRET}\n"},
            "SEKOM_KG_ENDPOINT_PASSWORD",
        ),
    ],
    ids=["password-without-user", "token-with-newline", "user-with-colon", "password-with-newline"],
)
def test_bad_environment_credentials_exit_2_without_sending(
    tmp_path: Path, env: dict[str, str], variable: str
) -> None:
    dist = write_dist(tmp_path / "dist")
    with StubServer(count=3) as stub:
        for args in (
            ["query", "01", "--endpoint", f"{stub.url}/query"],
            ["load", "--endpoint", f"{stub.url}/store", "--dir", str(dist)],
        ):
            result = run("--debug", *args, env=env)
            assert result.exit_code == 2, result.output
            error_line = result.stderr.strip().splitlines()[-1]
            assert error_line.startswith("error: $") and f"${variable}" in error_line
            assert_secret_hidden(result)
    assert stub.seen == []


def test_plain_http_goes_through_the_environment_proxy() -> None:
    with StubServer(count=1) as proxy:
        proxy_url = proxy.url.replace("http://", f"http://pu:{SECRET}@")
        env = {"http_proxy": proxy_url, "no_proxy": "", "SEKOM_KG_ENDPOINT_TOKEN": "tok"}
        result = run("query", "01", "--endpoint", "http://sparql.example.invalid/q?x=1", env=env)
    assert result.exit_code == 0, result.output
    (seen,) = proxy.seen
    assert seen.path == "http://sparql.example.invalid/q?x=1"  # absolute form, to the proxy
    assert seen.authorization == "Bearer tok"
    assert seen.proxy_authorization == basic("pu", SECRET)
    assert_secret_hidden(result)


def test_no_proxy_is_honoured() -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    with StubServer(count=1) as stub:
        env = {"http_proxy": dead, "no_proxy": "127.0.0.1"}
        result = run("query", "01", "--endpoint", f"{stub.url}/query", env=env)
    assert result.exit_code == 0, result.output
    assert [seen.path for seen in stub.seen] == ["/query"]


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    if shutil.which("openssl") is None:
        pytest.fail("the openssl command is needed to make a test certificate")
    return TlsFiles.make(tmp_path_factory.mktemp("tls"))


def test_https_endpoint_with_trusted_certificate(tls: TlsFiles) -> None:
    with StubServer(count=1, tls=tls) as stub:
        url = stub.url.replace("https://", f"https://ann:{SECRET}@") + "/query"
        result = run("query", "01", "--endpoint", url, env={"SSL_CERT_FILE": str(tls.cert)})
    assert result.exit_code == 0, result.output
    assert recorded_auth(stub) == {basic("ann", SECRET)}


def test_https_certificate_is_verified(tls: TlsFiles, tmp_path: Path) -> None:
    dist = write_dist(tmp_path / "dist")
    with StubServer(count=1, tls=tls) as stub:
        url = stub.url.replace("https://", f"https://ann:{SECRET}@")
        for args in (
            ["query", "01", "--endpoint", f"{url}/query"],
            ["load", "--endpoint", f"{url}/store", "--dir", str(dist)],
        ):
            result = run("--debug", *args)  # the self-signed certificate is not trusted
            assert result.exit_code == 3, result.output
            assert "certificate verify failed" in result.stderr.splitlines()[-1]
            assert_secret_hidden(result)
    assert stub.seen == []


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
    (f"https://{'a' * 64}.org/", "host name"),
    ("https://" + "a" * 60 + ".b" * 97 + "/", "longer than 253"),
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


def test_digest_sends_no_password_up_front(tmp_path: Path) -> None:
    """With $SEKOM_KG_ENDPOINT_AUTH=digest nothing secret goes out unless a challenge asks."""
    dist = write_dist(tmp_path / "dist", 3)
    env = {
        "SEKOM_KG_ENDPOINT_USER": "ann",
        "SEKOM_KG_ENDPOINT_PASSWORD": SECRET,
        "SEKOM_KG_ENDPOINT_AUTH": "digest",
    }
    with StubServer(count=3) as stub:  # it never challenges
        load = run("load", "--endpoint", f"{stub.url}/store", "--dir", str(dist), env=env)
        query = run("query", "01", "--endpoint", f"{stub.url}/query", env=env)
        dry = run(
            "load", "--endpoint", f"{stub.url}/store", "--dir", str(dist), "--dry-run", env=env
        )
    assert load.exit_code == 0 and query.exit_code == 0, load.output + query.output
    assert recorded_auth(stub) == {None}
    assert "credentials: Digest" in dry.stdout
    for result in (load, query, dry):
        assert_secret_hidden(result)


def test_a_staging_count_that_differs_stops_before_the_switch(tmp_path: Path) -> None:
    dist = write_dist(tmp_path / "dist", 3)
    with StubServer(count=2) as stub:  # the store says the staging graph holds 2 triples
        result = run("load", "--endpoint", f"{stub.url}/store", "--dir", str(dist))
    assert result.exit_code == 3, result.output
    (line,) = result.stderr.strip().splitlines()
    assert "holds 2 triples after upload, expected 3" in line
    assert f"graph <{DEFAULT_GRAPH}> is unchanged" in line
    assert [(s.method, s.path.split("?")[0]) for s in stub.seen] == [
        ("PUT", "/store"),
        ("POST", "/query"),
        ("DELETE", "/store"),  # no switch was sent; the staging graph is removed
    ]
