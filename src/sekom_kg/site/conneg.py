"""Content negotiation rules generated from one table: Apache, nginx and w3id.org.

A resource IRI ``<base>id/…`` or ``<base>vocab/…`` (a non-information resource) is answered
with ``303 See Other`` to the document in the requested format: ``id/…`` + ``.ttl``,
``.jsonld``, ``.rdf``, ``.nt`` or (the default) ``.html``. The dataset IRI answers with the
landing page or the full download; the ontology IRI with its documentation page or file.

>>> target("id/event/x", "text/turtle")
'id/event/x.ttl'
>>> target("dataset", "application/ld+json")
'download/sekom.jsonld'
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sekom_kg.core.errors import ConfigError
from sekom_kg.site.layout import DOWNLOAD_DIR, LANDING, ONTOLOGY_PAGE

#: (media type, extension) in matching order; HTML is the default for everything else.
MEDIA_TYPES: tuple[tuple[str, str], ...] = (
    ("text/turtle", ".ttl"),
    ("application/ld+json", ".jsonld"),
    ("application/rdf+xml", ".rdf"),
    ("application/n-triples", ".nt"),
    ("text/html", ".html"),
)
RESOURCE_PATTERN = r"(?:id|vocab)/[^.]+"
DUMP_STEM = "sekom"


def target(path: str, media_type: str) -> str:
    """The file (site-root relative) that answers ``path`` for ``media_type``."""
    ext = dict(MEDIA_TYPES).get(media_type, ".html")
    if path in ("", "dataset"):
        return LANDING if ext == ".html" else f"{DOWNLOAD_DIR}{DUMP_STEM}{ext}"
    if path == "ontology":
        return ONTOLOGY_PAGE if ext == ".html" else f"ontology{ext}"
    return path + ext


#: What a URL written into a server config may hold: RFC 3986's characters except ``$``
#: (a variable in nginx and a back-reference in Apache), so no space, control character,
#: quote, backslash or brace can end a value or start a new directive.
_CONFIG_SAFE = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!&'()*+,;=%]*")


def config_value(value: str, what: str = "--base-url") -> str:
    """``value`` if it can be written into ``.htaccess`` and nginx config; else ConfigError.

    >>> config_value("https://example.org/kg/")
    'https://example.org/kg/'
    >>> config_value("https://example.org/\\nRewriteRule ^ http://evil/")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    sekom_kg.core.errors.ConfigError: --base-url: U+000A cannot be written into a server config ...
    """
    if _CONFIG_SAFE.fullmatch(value):
        return value
    bad = next(c for c in value if not _CONFIG_SAFE.fullmatch(c))
    shown = repr(bad) if bad.isprintable() and not bad.isspace() else f"U+{ord(bad):04X}"
    raise ConfigError(
        f"{what}: {shown} cannot be written into a server config "
        "(allowed: the characters of RFC 3986 URLs except '$')"
    )


def _escape(media_type: str) -> str:
    return media_type.replace("+", r"\+")


def _apache_quote(value: str) -> str:
    """A mod_rewrite substitution in double quotes, ``%`` escaped (not a back-reference)."""
    return '"' + value.replace("%", r"\%") + '"'


def _nginx_quote(value: str) -> str:
    """An nginx string argument in double quotes (``config_value`` left no quote in it)."""
    return f'"{value}"'


def _apache_block(prefix: str, status: str, check_file: bool) -> list[str]:
    """Rewrite rules for resources, the ontology and the dataset, target ``prefix``."""
    lines = []
    for media_type, ext in MEDIA_TYPES:
        accept = [] if ext == ".html" else [f"RewriteCond %{{HTTP_ACCEPT}} {_escape(media_type)}"]
        exists = ["RewriteCond %{REQUEST_FILENAME}" + ext + " -f"] if check_file else []
        lines += [f"# {media_type}", *accept, *exists]
        to = _apache_quote(f"{prefix}$1{ext}") if prefix else f"$1{ext}"
        lines.append(f"RewriteRule ^({RESOURCE_PATTERN})$ {to} [R={status},L]")
        for name in ("ontology", "dataset"):
            to = (
                _apache_quote(prefix + target(name, media_type))
                if prefix
                else target(name, media_type)
            )
            rule = f"RewriteRule ^{name}$ {to} [R={status},L]"
            lines += [*accept, rule]
    return lines


def apache(base_url: str) -> str:
    """The ``.htaccess`` for the site root at ``base_url`` (mod_rewrite, mod_mime, mod_headers)."""
    path = urlsplit(config_value(base_url)).path or "/"
    lines = [
        "# sekom-kg: content negotiation for the static site (generated; do not edit).",
        "Options -MultiViews",
        *(f"AddType {media_type} {ext}" for media_type, ext in MEDIA_TYPES if ext != ".html"),
        "AddCharset utf-8 .html .ttl .jsonld .nt",
        "<IfModule mod_headers.c>",
        "  Header append Vary Accept",
        '  Header set Access-Control-Allow-Origin "*"',
        "</IfModule>",
        "RewriteEngine On",
        f'RewriteBase "{path}"',
        *_apache_block("", "303", check_file=True),
        "",
    ]
    return "\n".join(lines)


def w3id(base_iri: str, base_url: str) -> str:
    """``.htaccess`` for perma-id/w3id.org: the base's IRIs 303 to ``base_url``'s documents."""
    config_value(base_iri, "base IRI")
    config_value(base_url)
    lines = [
        f"# w3id.org redirects for {base_iri} (generated by sekom-kg; submit to perma-id/w3id.org)",
        f"# Resources and vocabularies answer 303 See Other to their document at {base_url}.",
        "Options +FollowSymLinks",
        "Header set Access-Control-Allow-Origin *",
        "RewriteEngine on",
        *_apache_block(base_url, "303", check_file=False),
        f"RewriteRule ^$ {_apache_quote(base_url)} [R=302,L]",
        f"RewriteRule ^(.*)$ {_apache_quote(base_url + '$1')} [R=302,L]",
        "",
    ]
    return "\n".join(lines)


def nginx(base_url: str) -> str:
    """An nginx snippet: ``map $http_accept`` (http block) and locations (server block)."""
    path = urlsplit(config_value(base_url)).path or "/"
    pattern = re.escape(path)
    maps = [f'    "~*{_escape(m)}" {ext};' for m, ext in MEDIA_TYPES if ext != ".html"]
    types = [f"        {m} {ext[1:]};" for m, ext in MEDIA_TYPES if ext != ".html"]
    dumps = [
        f'    "~*{_escape(m)}" {target("dataset", m)};' for m, ext in MEDIA_TYPES if ext != ".html"
    ]
    return "\n".join(
        [
            "# sekom-kg: content negotiation (generated). The two map blocks go in the http",
            "# block, the location blocks in the server block serving the site root.",
            "map $http_accept $sekom_ext {",
            "    default .html;",
            *maps,
            "}",
            "map $http_accept $sekom_dataset {",
            f"    default {LANDING};",
            *dumps,
            "}",
            "",
            f"location ~ {_nginx_quote(f'^{pattern}({RESOURCE_PATTERN}|ontology)$')} {{",
            "    add_header Vary Accept;",
            f"    return 303 {_nginx_quote(path + '$1$sekom_ext')};",
            "}",
            f"location = {_nginx_quote(path + 'dataset')} {{",
            "    add_header Vary Accept;",
            f"    return 303 {_nginx_quote(path + '$sekom_dataset')};",
            "}",
            "location ~ \\.(ttl|jsonld|rdf|nt)$ {",
            "    types {",
            *types,
            "    }",
            "    charset utf-8;",
            "    add_header Access-Control-Allow-Origin *;",
            "}",
            "",
        ]
    )
