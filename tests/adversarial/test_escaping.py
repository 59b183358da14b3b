"""Hostile text in the data, the settings and ``dist/``: inert in the site and its configs.

IRIs with a script scheme are never links; JSON in ``<script>`` cannot end or hide the
element; ``--base-url`` cannot start a directive in ``.htaccess`` or the nginx config; a
crafted ``manifest.json`` cannot make ``site`` read or publish a file outside its folder.
The browser tests load the hostile pages in headless Chromium (see test_site_browser.py).
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from sekom_kg.cli import cli
from sekom_kg.core import resources
from sekom_kg.core.errors import ConfigError
from sekom_kg.site import conneg

FIXTURE_BUNDLE = Path(__file__).parents[1] / "data" / "bundle"
DEFAULT_CONFIG = Path(resources.__file__).parents[1] / "default_config.toml"
CHROMIUM = Path("/usr/bin/chromium")
BASE = "https://w3id.org/sekom/"
ORG = f"{BASE}id/org/sekom"
PAGE = "id/org/sekom.html"
#: A resource under the base whose last segment reads as a scheme in a relative link.
COLON = f"{BASE}id/org/javascript:alert(9)"
LONG_IRI = "https://example.org/" + "a" * 5000
#: Resources whose file names hold characters a link must escape (``?``, ``%``, non-ASCII).
ODD_NAMES = [f"{BASE}id/org/what?x=1", f"{BASE}id/org/per%20cent", f"{BASE}id/org/smörgås"]

#: Script IRIs (any case, with or without ``//``) that must never become links.
SCRIPT_IRIS = [
    "javascript://%0Aalert(5)",
    "JaVaScRiPt://x%0Aalert(6)",
    "vbscript://x%0Amsgbox(1)",
    "javascript:alert(7)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCg4KTwvc2NyaXB0Pg==",
    "file:///etc/passwd",
    "urn:x-javascript:alert(1)",
]
#: The empty favicon every page declares (``<link rel="icon" href="data:,">``).
FAVICON = "data:,"
#: IRIs that stay links, exactly as written (the apostrophe must not end the attribute).
LINK_IRIS = [
    "https://example.org/ok",
    "HTTP://example.org/upper",
    "mailto:someone@example.org",
    "https://example.org/a'onmouseover='alert(10)",
    LONG_IRI,
]
#: Literals that must be shown as text and leave the embedded JSON-LD intact.
LITERALS = [
    "x <!--<script> y",
    "</script><script>alert(11)</script>",
    "<!-- open comment",
    "]]> & &amp; &lt;b&gt; <b>bold</b>",
    "{{ 7 * 7 }} {% raw %} {# comment #}",
    "\u2028\u2029 separators",
]


def turtle_string(text: str) -> str:
    return json.dumps(text)  # JSON string escapes are valid Turtle string escapes here


def hostile_turtle() -> str:
    urls = ", ".join(f"<{iri}>" for iri in [*SCRIPT_IRIS, *LINK_IRIS])
    names = ", ".join(f"{turtle_string(text)}@en" for text in LITERALS)
    return (
        "@prefix schema: <https://schema.org/> .\n"
        f"<{ORG}> schema:url {urls} ;\n"
        f"  schema:alternateName {names} ;\n"
        f"  schema:subOrganization {', '.join(f'<{iri}>' for iri in [COLON, *ODD_NAMES])} .\n"
        + "".join(
            f'<{iri}> a schema:Organization ; schema:name "Odd {n}"@en .\n'
            for n, iri in enumerate(ODD_NAMES)
        )
        + f'<{COLON}> a schema:Organization ; schema:name "Colon"@en .\n'
    )


def hostile_bundle(root: Path, turtle: str) -> Path:
    shutil.copytree(FIXTURE_BUNDLE, root)
    (root / "data" / "hostile.ttl").write_text(turtle, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A build of the fixture bundle plus the hostile data, and a hostile dataset title."""
    tmp = tmp_path_factory.mktemp("escaping")
    root = hostile_bundle(tmp / "bundle", hostile_turtle())
    config = tmp / "hostile.toml"
    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    title = turtle_string("Title </script><!--<script> & more")
    config.write_text(re.sub(r"(?m)^title_en = .*$", f"title_en = {title}", text), "utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(resources, "bundle_root", lambda: root)
        result = CliRunner().invoke(
            cli, ["build", "--config", str(config), "--out", str(tmp / "dist")]
        )
    assert result.exit_code == 0, result.output
    yield tmp / "dist"


class Page(HTMLParser):
    """Links, attributes, text and JSON-LD islands of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.attributes: set[str] = set()
        self.text: list[str] = []
        self.islands: list[str] = []
        self._island = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.attributes.update(found)
        for key in ("href", "src"):  # of links, <link> and scripts alike
            if found.get(key) is not None:
                self.hrefs.append(str(found[key]))
        self._island = tag == "script" and found.get("type") == "application/ld+json"

    def handle_endtag(self, tag: str) -> None:
        self._island = False

    def handle_data(self, data: str) -> None:
        if self._island:
            self.islands.append(data)
        else:
            self.text.append(data)


def parse_page(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


# ---------------------------------------------------------------- links only for http(s)/mailto


def test_script_iris_are_text_not_links(dist: Path) -> None:
    page = parse_page(dist / "site" / PAGE)
    for href in page.hrefs:
        scheme = urlsplit(href).scheme.lower()
        assert scheme in ("", "http", "https", "mailto") or href == FAVICON, href
    shown = "".join(page.text)
    for iri in SCRIPT_IRIS:
        assert iri not in page.hrefs
        assert iri in shown  # still shown, as text
    for iri in LINK_IRIS:
        assert iri in page.hrefs  # exactly the IRI: the apostrophe did not end the attribute
    assert "onmouseover" not in page.attributes


def test_relative_link_never_reads_as_a_scheme(dist: Path) -> None:
    page = parse_page(dist / "site" / PAGE)
    assert "./javascript:alert(9).html" in page.hrefs
    assert (dist / "site" / "id" / "org" / "javascript:alert(9).html").is_file()
    for href in set(page.hrefs) - {FAVICON}:
        assert not href.lower().startswith(("javascript:", "vbscript:", "data:")), href


def test_every_page_links_only_safe_schemes(dist: Path) -> None:
    for path in sorted((dist / "site").rglob("*.html")):
        for href in parse_page(path).hrefs:
            scheme = urlsplit(href).scheme.lower()
            assert scheme in ("", "http", "https", "mailto") or href == FAVICON, (path, href)


def test_every_internal_link_reaches_its_file(dist: Path) -> None:
    site = (dist / "site").resolve()
    for path in sorted(site.rglob("*.html")):
        for href in set(parse_page(path).hrefs) - {FAVICON}:
            parts = urlsplit(href)
            if parts.scheme or not parts.path:
                continue
            target = (path.parent / unquote(parts.path)).resolve()
            assert target.is_file(), (path.relative_to(site), href)
            assert site in target.parents
    names = {iri.rsplit("/", 1)[1] for iri in ODD_NAMES}
    assert {p.stem for p in (site / "id" / "org").glob("*.html")} >= names


def test_script_sparql_endpoint_is_not_a_link(
    dist: Path, tmp_path: Path, use_bundle: Callable[[Path], Path]
) -> None:
    hostile_bundle(tmp_path / "bundle", hostile_turtle())
    use_bundle(tmp_path / "bundle")
    out = tmp_path / "site"
    args = ["site", "--dist", str(dist), "--out", str(out)]
    result = CliRunner().invoke(cli, [*args, "--sparql-endpoint", "javascript:alert(12)"])
    assert result.exit_code == 2, result.output  # refused before anything is written
    assert result.output.startswith("error: --sparql-endpoint: "), result.output
    assert not out.exists()


# ---------------------------------------------------------------- JSON in <script>


def test_literals_are_text_and_json_ld_is_the_graph(dist: Path) -> None:
    page = parse_page(dist / "site" / PAGE)
    shown = "".join(page.text)
    for text in LITERALS:
        assert text in shown, text
    (island,) = [text for text in page.islands if text.strip()]
    assert not {"<", ">", "&"} & set(island)
    embedded = Graph().parse(data=island, format="json-ld")
    published = Graph().parse(dist / "site" / "id" / "org" / "sekom.nt", format="nt")
    assert isomorphic(embedded, published)


def test_landing_page_json_ld_with_hostile_title(dist: Path) -> None:
    page = parse_page(dist / "site" / "index.html")
    (island,) = [text for text in page.islands if text.strip()]
    assert not {"<", ">", "&"} & set(island)
    assert json.loads(island) == json.loads((dist / "dataset.schema.jsonld").read_bytes())
    assert "Title </script><!--<script> & more" in json.dumps(
        json.loads(island), ensure_ascii=False
    )


# ---------------------------------------------------------------- server configs

#: Directives the generated configs may hold (a value must never start another one).
APACHE = {"Options", "AddType", "AddCharset", "<IfModule", "</IfModule>", "Header"}
APACHE |= {"RewriteEngine", "RewriteBase", "RewriteCond", "RewriteRule"}
NGINX = {"map", "default", "location", "add_header", "return", "types", "charset", "}"}
NGINX |= {"server", "listen", "server_name", "root", "index", "charset_types", "if"}
NGINX_TYPES = {"text/turtle", "application/ld+json", "application/rdf+xml"}
NGINX_TYPES |= {"application/n-triples", "text/html", "application/trig", "application/json"}
NGINX_TYPES |= {"text/css", "text/javascript", "image/svg+xml"}
HOSTILE_URLS = [
    "https://example.org/kg/\nRewriteRule ^ http://evil.example/ [R=302,L]",
    "https://example.org/kg/\rRewriteRule ^ http://evil.example/ [R=302,L]",
    "https://example.org/kg/\r\nreturn 302 http://evil.example/;",
    "https://example.org/kg/\x85RewriteRule ^ http://evil.example/",
    "https://example.org/kg/\u2028RewriteRule ^ http://evil.example/",
    "https://example.org/k g/",
    "https://example.org/kg/\t",
    'https://example.org/kg/" [R=302,L]',
    "https://example.org/kg/$1",
    "https://example.org/kg/\\",
    "https://example.org/kg/{ return 302 http://evil.example/; }",
    "https://example.org/kg/\x00",
]
#: Odd but harmless URLs: written quoted and escaped, so each stays one argument.
ODD_URLS = [
    "https://example.org/kg;return=302/",
    "https://example.org/k'g/(x)+[y]/",
    "https://example.org/k%C3%A4/%2F%1/",
    "https://example.org/kg/?q=1#frag",
]


def apache_words(line: str) -> list[str]:
    """An Apache config line split like ``ap_getword_conf``: quoted or bare arguments."""
    words = re.findall(r'"(?:[^"\\]|\\.)*"|\S+', line)
    assert "".join(words) == re.sub(r"\s+", "", line) or '"' in line, line
    return words


def check_apache(text: str, url: str) -> None:
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        words = apache_words(stripped)
        assert words[0] in APACHE, line
        for word in words:
            if url in word:  # the URL only ever as one quoted argument
                assert word.startswith('"') and word.endswith('"'), line
                assert "%" not in word.replace("\\%", ""), line  # no back-reference


def nginx_tokens(text: str) -> list[str]:
    """nginx config tokens: quoted strings, ``{``, ``}``, ``;`` and bare words."""
    no_comments = "\n".join(re.sub(r"^\s*#.*$", "", line) for line in text.splitlines())
    return re.findall(r'"(?:[^"\\]|\\.)*"|[{};]|[^\s{};"]+', no_comments)


def check_nginx(text: str, url: str) -> None:
    tokens = nginx_tokens(text)
    depth, start = 0, True
    for token in tokens:
        if start and token not in ("{", "}", ";"):
            inside_map = depth == 1 and token.startswith('"~*')
            allowed = token in NGINX or token in NGINX_TYPES or inside_map
            assert allowed, (token, text)
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        start = token in ("{", "}", ";")
    assert depth == 0
    path = urlsplit(url).path
    for token in tokens:
        if path in token and path != "/":
            assert token.startswith('"') and token.endswith('"'), token
    regexes = [
        tokens[i + 2] for i, t in enumerate(tokens[:-2]) if t == "location" and tokens[i + 1] == "~"
    ]
    own = [r[1:-1].replace("(?<", "(?P<") for r in regexes if r.startswith('"^')]
    assert own, regexes
    # the path is matched literally, its ( ) + [ ] . are not operators
    assert re.fullmatch(own[0], f"{path}id/event/x"), own[0]
    for regex, local in zip(own[1:], ("", "dataset", "query/x", "ontology", "shapes"), strict=True):
        assert re.fullmatch(regex, f"{path}{local}"), regex


@pytest.fixture(scope="module")
def plain_dist(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A build of the fixture bundle without the site (``site`` renders it in the tests)."""
    tmp = tmp_path_factory.mktemp("configs")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(resources, "bundle_root", lambda: FIXTURE_BUNDLE)
        result = CliRunner().invoke(cli, ["build", "--no-site", "--out", str(tmp / "dist")])
    assert result.exit_code == 0, result.output
    yield tmp / "dist"


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_base_url_that_could_start_a_directive_is_refused(
    plain_dist: Path, tmp_path: Path, use_bundle: Callable[[Path], Path], url: str
) -> None:
    use_bundle(FIXTURE_BUNDLE)
    out = tmp_path / "site"
    result = CliRunner().invoke(
        cli, ["site", "--dist", str(plain_dist), "--out", str(out), "--base-url", url]
    )
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: "), result.output
    assert "--base-url" in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert "internal error" not in result.output
    assert not out.exists()


@pytest.mark.parametrize("url", HOSTILE_URLS)
@pytest.mark.parametrize("writer", ["apache", "w3id", "nginx"])
def test_config_writers_refuse_a_value_that_could_start_a_directive(writer: str, url: str) -> None:
    """The writers guard themselves too, whatever a caller has checked before."""
    write = {
        "apache": conneg.apache,
        "nginx": conneg.nginx,
        "w3id": lambda u: conneg.w3id("https://example.org/kg/", u),
    }[writer]
    with pytest.raises(ConfigError, match="cannot be written into a server config"):
        write(url)


@pytest.mark.parametrize("url", ODD_URLS)
def test_odd_base_url_stays_one_argument(url: str) -> None:
    """URLs the site's own check would refuse, written by the config writers alone."""
    check_apache(conneg.apache(url), url)
    check_apache(conneg.w3id("https://w3id.org/kg/", url), url)
    check_nginx(conneg.nginx(url), url)


def test_default_configs_pass_the_checks(plain_dist: Path, tmp_path: Path) -> None:
    """The structural checks accept what a normal build writes (they are not vacuous)."""
    out = tmp_path / "site"
    url = "https://example.org/kg/"
    result = CliRunner().invoke(
        cli, ["site", "--dist", str(plain_dist), "--out", str(out), "--base-url", url]
    )
    assert result.exit_code == 0, result.output
    w3id = (out / "w3id" / ".htaccess").read_text(encoding="utf-8")
    check_apache(w3id, url)
    assert f'"{url}$1.ttl"' in w3id
    nginx = (out / "conneg.nginx.conf").read_text(encoding="utf-8")
    check_nginx(nginx, url)
    assert 'return 303 "/kg/$sekom_path$sekom_ext";' in nginx
    with pytest.raises(AssertionError):
        check_apache(w3id + "\nRewriteRule ^ http://evil.example/ [R=302,L]\nevil on\n", url)
    with pytest.raises(AssertionError):
        check_nginx(nginx + "\nreturn 302 http://evil.example/;\nevil;\n", url)


# ---------------------------------------------------------------- paths in manifest.json


@pytest.fixture
def own_dist(plain_dist: Path, tmp_path: Path) -> Path:
    """A private copy of the built dist, with a secret file beside it."""
    copy = tmp_path / "work" / "deep" / "dist"
    shutil.copytree(plain_dist, copy)
    (tmp_path / "secret.txt").write_text("SECRET-CONTENT", encoding="utf-8")
    (tmp_path / "work" / "secret.txt").write_text("SECRET-CONTENT", encoding="utf-8")
    return copy


def add_entry(dist: Path, name: str) -> None:
    manifest = dist / "manifest.json"
    document = json.loads(manifest.read_bytes())
    document["files"][name] = {"bytes": 14, "media_type": "text/plain", "sha256": "0" * 64}
    manifest.write_text(json.dumps(document), encoding="utf-8")


def run_site(dist: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["site", "--dist", str(dist), "--out", str(out)])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    "name",
    [
        "../../../secret.txt",
        "../secret.txt",
        "sub/../../secret.txt",
        "/etc/hostname",
        "//etc/hostname",
        "..\\secret.txt",
        "C:\\secret.txt",
        "",
        "missing.ttl",
        "site",
        "leak.txt",  # a symbolic link out of the folder
    ],
)
def test_manifest_entry_outside_dist_is_refused(
    own_dist: Path, tmp_path: Path, use_bundle: Callable[[Path], Path], name: str
) -> None:
    use_bundle(FIXTURE_BUNDLE)
    (own_dist / "site").mkdir()
    (own_dist / "leak.txt").symlink_to(tmp_path / "secret.txt")
    add_entry(own_dist, name)
    out = tmp_path / "out" / "site"
    code, output = run_site(own_dist, out)
    assert code == 2, output
    assert output.startswith(f"error: {own_dist / 'manifest.json'}: entry {name!r}"), output
    assert len(output.strip().splitlines()) == 1
    assert not out.exists() and not (tmp_path / "out").exists()
    assert "SECRET" not in output


def test_symlink_inside_dist_is_followed(
    own_dist: Path, tmp_path: Path, use_bundle: Callable[[Path], Path]
) -> None:
    use_bundle(FIXTURE_BUNDLE)
    (own_dist / "alias.ttl").symlink_to(own_dist / "sekom.ttl")
    add_entry(own_dist, "alias.ttl")
    code, output = run_site(own_dist, tmp_path / "out")
    assert code == 0, output
    assert (tmp_path / "out" / "download" / "alias.ttl").read_bytes() == (
        own_dist / "sekom.ttl"
    ).read_bytes()


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"[]", b'{"files": []}', b'{"files": "x"}', b"\xff\xfe", b'{"other": {}}'],
)
def test_malformed_manifest_is_refused(
    own_dist: Path, tmp_path: Path, use_bundle: Callable[[Path], Path], content: bytes
) -> None:
    use_bundle(FIXTURE_BUNDLE)
    (own_dist / "manifest.json").write_bytes(content)
    code, output = run_site(own_dist, tmp_path / "out")
    assert code == 2, output
    assert output.startswith(f"error: {own_dist / 'manifest.json'}: "), output
    assert "internal error" not in output


# ---------------------------------------------------------------- in a real browser


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(dist: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(dist / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_in_chromium_no_script_runs_and_the_page_renders(
    served: str, dist: Path, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} missing: apt-get install -y chromium chromium-driver")
    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
        )
        try:
            page = browser.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            for path in (PAGE, "index.html"):
                page.goto(urljoin(served, path))
                assert page.locator("footer").is_visible(), path  # not swallowed by <!--
                assert page.locator("h1").inner_text().strip(), path
                island = page.evaluate(
                    "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]')"
                    ".textContent)"
                )
                assert island
            page.goto(urljoin(served, PAGE))
            for text in LITERALS[:4]:
                assert page.get_by_text(text, exact=False).count() >= 1, text
            protocols = page.locator("a").evaluate_all("links => links.map(a => a.protocol)")
            assert set(protocols) <= {"http:", "https:", "mailto:"}, protocols
            for iri in SCRIPT_IRIS[:4]:  # the script IRIs are text: clicking does nothing
                page.get_by_text(iri, exact=True).first.click()
                page.wait_for_timeout(100)
            page.locator("a[href='./javascript:alert(9).html']").first.click()
            page.wait_for_load_state()
            assert page.url == urljoin(served, "id/org/javascript:alert(9).html")
            assert page.locator("h1").inner_text() == "Colon"
            page.wait_for_timeout(300)
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            for hash_ in ("#country=%E0%A4%A", "#country=<img src=x onerror=alert(13)>&type=%"):
                page.goto(urljoin(served, "timeline.html") + hash_)
                page.wait_for_timeout(200)
                assert page.locator("#count").inner_text().endswith("activities shown")
            assert errors == []
        finally:
            browser.close()
    assert dialogs == []


# ---------------------------------------------------------------- very long IRIs


@pytest.mark.parametrize(("length", "code"), [(248, 0), (249, 2), (5000, 2)])
def test_resource_iri_too_long_for_a_file_name(
    tmp_path: Path, use_bundle: Callable[[Path], Path], length: int, code: int
) -> None:
    iri = f"{BASE}id/org/{'é' * (length // 2)}{'x' * (length % 2)}"
    turtle = f'<{iri}> a <https://schema.org/Organization> ; <https://schema.org/name> "L"@en .\n'
    use_bundle(hostile_bundle(tmp_path / "bundle", turtle))
    out = tmp_path / "dist"
    result = CliRunner().invoke(cli, ["build", "--out", str(out)])
    assert result.exit_code == code, result.output
    if code:
        assert result.output.startswith(f"error: {iri[:100]}…: a segment of this IRI is too long")
        assert not out.exists()
    else:
        assert (out / "site" / "id" / "org" / f"{iri.rsplit('/', 1)[1]}.jsonld").is_file()


# ---------------------------------------------------------------- coordinates that are not numbers


def test_place_with_unusable_coordinates_is_left_off_the_map(
    tmp_path: Path, use_bundle: Callable[[Path], Path]
) -> None:
    """The fixture shapes do not check coordinates: the map must cope (the real ones do)."""
    places = [
        ("abc", "1"),
        ("NaN", "1"),
        ("1e999", "1"),
        ("91", "1"),
        ("1", "-180.5"),
        ("59", "18"),
    ]
    turtle = "".join(
        f"<{BASE}id/place/p{n}> a <https://schema.org/Place> ; "
        f'<https://schema.org/name> "P{n}"@en ; '
        f'<https://schema.org/latitude> "{lat}" ; <https://schema.org/longitude> "{lon}" .\n'
        for n, (lat, lon) in enumerate(places)
    )
    use_bundle(hostile_bundle(tmp_path / "bundle", turtle))
    result = CliRunner().invoke(cli, ["build", "--out", str(tmp_path / "dist")])
    assert result.exit_code == 0, result.output
    shown = parse_page(tmp_path / "dist" / "site" / "map.html").hrefs
    assert {h for h in shown if "/place/p" in h} == {"id/place/p5.html"}
