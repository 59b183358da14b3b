"""Content negotiation for Apache (``.htaccess``), nginx (a server block) and w3id.org.

Every IRI under the base (:data:`~sekom_kg.site.documents.DOCUMENTS`) is answered with
``303 See Other`` to its document in the format the ``Accept`` header asks for
(:mod:`~sekom_kg.site.negotiation`), with ``Vary: Accept`` and
``Access-Control-Allow-Origin: *`` on the redirect and on every file.

>>> target("id/event/x", "text/turtle")
'id/event/x.ttl'
>>> target("dataset", "application/ld+json")
'dataset.jsonld'
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sekom_kg.core.errors import ConfigError
from sekom_kg.site.documents import DOCUMENTS, document
from sekom_kg.site.negotiation import MEDIA_TYPE, rules

#: (media type, extension) of the negotiated documents; HTML is the default.
MEDIA_TYPES: tuple[tuple[str, str], ...] = (
    ("text/turtle", ".ttl"),
    ("application/ld+json", ".jsonld"),
    ("application/rdf+xml", ".rdf"),
    ("application/n-triples", ".nt"),
    ("text/html", ".html"),
)
#: Media types and extensions of the other files of the site and its downloads.
OTHER_TYPES: tuple[tuple[str, str], ...] = (
    ("application/trig", ".trig"),
    ("application/json", ".json"),
    ("text/css", ".css"),
    ("text/javascript", ".js"),
    ("image/svg+xml", ".svg"),
)
#: Extensions served with ``charset=utf-8``.
UTF8 = (".html", ".ttl", ".jsonld", ".nt", ".trig", ".json", ".css", ".js")


def target(path: str, media_type: str) -> str:
    """The file (site-root relative) that answers ``<base>path`` for ``media_type``."""
    ext = dict(MEDIA_TYPES).get(media_type, ".html")
    return document(path, ext) or path + ext


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


def _apache_quote(value: str) -> str:
    """A mod_rewrite substitution in double quotes, ``%`` escaped (not a back-reference)."""
    return '"' + value.replace("%", r"\%") + '"'


def _nginx_quote(value: str) -> str:
    """An nginx string argument in double quotes (``config_value`` left no quote in it)."""
    return f'"{value}"'


#: Every path below the base that is negotiated (the union of the documents' patterns).
NEGOTIATED = "^(?:" + "|".join(d.pattern for d in DOCUMENTS if d.pattern) + ")?$"
_HEADERS = ["Header always merge Vary Accept", 'Header always set Access-Control-Allow-Origin "*"']


def _apache_rules(prefix: str) -> list[str]:
    """Pick ``SEKOM_EXT`` from ``Accept``, then 303 each document (to ``prefix`` + file)."""
    lines = ["# The extension for the Accept header: the first rule that matches sets it."]
    for regex, ext in rules():
        cond = f"RewriteCond %{{HTTP_ACCEPT}} {regex} [NC]"
        lines += ["RewriteCond %{ENV:SEKOM_EXT} ^$", cond]
        lines.append(f"RewriteRule {NEGOTIATED} - [E=SEKOM_EXT:{ext}]")
    lines += ["RewriteCond %{ENV:SEKOM_EXT} ^$", f"RewriteRule {NEGOTIATED} - [E=SEKOM_EXT:.html]"]
    lines.append("# 303 See Other to the document in that format.")
    for entry in DOCUMENTS:
        for ext in MEDIA_TYPE:
            name = (entry.html if ext == ".html" else entry.stem + ext).replace("$1", "\0")
            to = _apache_quote(prefix + name) if prefix else name
            lines.append(f"RewriteCond %{{ENV:SEKOM_EXT}} ={ext}")
            lines.append(f"RewriteRule ^({entry.pattern})$ {to.replace(chr(0), '$1')} [R=303,L]")
    return lines


def apache(base_url: str) -> str:
    """The ``.htaccess`` for the site root at ``base_url`` (mod_rewrite, mod_mime, mod_headers)."""
    path = urlsplit(config_value(base_url)).path or "/"
    types = [*MEDIA_TYPES, *OTHER_TYPES]
    lines = [
        "# sekom-kg: content negotiation for the static site (generated; do not edit).",
        "# Needs mod_rewrite, mod_headers and mod_mime, and AllowOverride All for this folder.",
        "Options -MultiViews",
        *(f"AddType {media_type} {ext}" for media_type, ext in types),
        "AddCharset utf-8 " + " ".join(UTF8),
        *_HEADERS,
        "RewriteEngine On",
        f'RewriteBase "{path}"',
        *_apache_rules(""),
        "",
    ]
    return "\n".join(lines)


def check_redirect(base_iri: str, base_url: str) -> None:
    """ConfigError unless the base can redirect to the site: different, neither inside the other."""
    if base_url.startswith(base_iri) or base_iri.startswith(base_url):
        raise ConfigError(
            f"site URL {base_url} and base IRI {base_iri}: the base would redirect "
            + ("to itself" if base_url == base_iri else "into itself")
            + " (the site URL must be the base itself or lie outside it)"
        )


def w3id(base_iri: str, base_url: str) -> str:
    """``.htaccess`` for perma-id/w3id.org: the base's IRIs 303 to ``base_url``'s documents."""
    config_value(base_iri, "base IRI")
    config_value(base_url)
    check_redirect(base_iri, base_url)
    lines = [
        f"# w3id.org redirects for {base_iri} (generated by sekom-kg; submit to perma-id/w3id.org)",
        f"# Every IRI answers 303 See Other to its document at {base_url}; other paths 302.",
        "Options +FollowSymLinks",
        *_HEADERS,
        "RewriteEngine on",
        *_apache_rules(base_url),
        f"RewriteRule ^(.*)$ {_apache_quote(base_url + '$1')} [R=302,L]",
        "",
    ]
    return "\n".join(lines)


def _nginx_locations(path: str) -> list[str]:
    """One location per document: 303 to its file for ``$sekom_ext``."""
    lines = []
    for entry in DOCUMENTS:
        regex = f"^{re.escape(path)}(?<sekom_path>{entry.pattern})$"
        stem = entry.stem.replace("$1", "$sekom_path")
        lines += [f"    location ~ {_nginx_quote(regex)} {{"]
        if entry.html != entry.stem + ".html":
            page = _nginx_quote(path + entry.html)
            lines += [f"        if ($sekom_ext = .html) {{ return 303 {page}; }}"]
        lines += [f"        return 303 {_nginx_quote(path + stem + '$sekom_ext')};", "    }"]
    return lines


def nginx(base_url: str) -> str:
    """A file for nginx's ``conf.d/`` (http context): the Accept ``map`` and a server block."""
    parts = urlsplit(config_value(base_url))
    path, host = parts.path or "/", parts.hostname or "localhost"
    maps = [f"    {_nginx_quote('~*' + regex)} {ext};" for regex, ext in rules()]
    types = [f"        {m} {ext[1:]};" for m, ext in [*MEDIA_TYPES, *OTHER_TYPES]]
    charset = sorted({m for m, ext in [*MEDIA_TYPES, *OTHER_TYPES] if ext in UTF8})
    return "\n".join(
        [
            "# sekom-kg: the static site with content negotiation (generated). A complete file",
            "# for nginx's conf.d/ (it is read in the http block). Set root to the folder that",
            f"# holds the site at {path} (root + {path}index.html is its landing page); add TLS",
            "# (listen 443 ssl, certificates) as your host requires.",
            "map $http_accept $sekom_ext {",
            "    default .html;",
            *maps,
            "}",
            "server {",
            "    listen 80;",
            "    listen [::]:80;",
            f"    server_name {_nginx_quote(host)};",
            '    root "/var/www/sekom-kg";',
            "    index index.html;",
            "    types {",
            *types,
            "    }",
            "    charset utf-8;",
            f"    charset_types {' '.join(charset)};",
            "    add_header Vary Accept always;",
            '    add_header Access-Control-Allow-Origin "*" always;',
            *_nginx_locations(path),
            "}",
            "",
        ]
    )
