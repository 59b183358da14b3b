"""Apply the schema.org view's rules (``ontology/rules/*.rq``) to the data, with pyoxigraph.

Each rule is a SPARQL ``CONSTRUCT`` (see ``ontology/rules/README.md``); they run in file-name
order, each seeing the data plus what the earlier ones added, and the last one's answer is
the result: the triples the view adds to the data.

>>> from sekom_kg.assembly.ntriples import NTriples
>>> from sekom_kg.core.namespaces import RDF, RDFS
>>> ontology = NTriples.from_bytes(
...     f"<urn:Visit> <{RDFS.subClassOf}> <https://schema.org/Event> .\\n".encode()
... )
>>> data = NTriples.from_bytes(f"<urn:v> <{RDF.type}> <urn:Visit> .\\n".encode())
>>> [line.split()[2] for line in apply_rules(data, ontology).lines]
['<https://schema.org/Event>']
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph as ox

from sekom_kg.assembly import schema_vocab
from sekom_kg.assembly.ntriples import NTriples
from sekom_kg.core import resources
from sekom_kg.core.errors import InputError

#: The graphs the rules see besides the default graph (data + what earlier rules added).
DATA = ox.NamedNode("urn:sekom-kg:data")
ADDED = ox.NamedNode("urn:sekom-kg:added")
ONTOLOGY = ox.NamedNode("urn:sekom-kg:ontology")
SCHEMA_ORG = ox.NamedNode("urn:sekom-kg:schema.org")


def rules_dir() -> Path:
    """The folder of the rule files: the package's ``ontology/rules/``.

    The rules are part of the pipeline, so another bundle (``$SEKOM_KG_BUNDLE_ROOT``) is
    read with them too.
    """
    return resources.package_root() / "ontology" / "rules"


def rule_files() -> list[Path]:
    """The rule files in the order they run."""
    return sorted(rules_dir().glob("*.rq"))


@cache
def _rule_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@cache
def schema_org_ntriples() -> bytes:
    """schema.org's ``rdfs:subClassOf`` and ``schema:domainIncludes`` as N-Triples."""
    document = schema_vocab.document()
    lines = [
        f"<{schema_vocab.SCHEMA}{subject}> <{predicate}> <{schema_vocab.SCHEMA}{obj}> .\n"
        for key, predicate in (
            ("domains", schema_vocab.SCHEMA + "domainIncludes"),
            ("parents", "http://www.w3.org/2000/01/rdf-schema#subClassOf"),
        )
        for subject, objects in document[key].items()
        for obj in objects
    ]
    return "".join(lines).encode("utf-8")


def _dataset(data: NTriples, ontology: NTriples) -> ox.Store:
    """A store with the data, the ontology and schema.org's tree in their graphs.

    The texts are pyoxigraph's own N-Triples (or ours, of IRIs alone), so they are read
    ``lenient``, without checking each IRI again (about 15% of the load at 1M triples).
    """
    store = ox.Store()
    for graph, text in (
        (DATA, data.to_bytes()),
        (ONTOLOGY, ontology.to_bytes()),
        (SCHEMA_ORG, schema_org_ntriples()),
    ):
        if text:
            store.bulk_load(text, format=ox.RdfFormat.N_TRIPLES, to_graph=graph, lenient=True)
    return store


def _run(store: ox.Store, path: Path) -> list[ox.Triple]:
    """One rule's answer."""
    answer = store.query(
        _rule_text(path),
        default_graph=[DATA, ADDED],
        named_graphs=[DATA, ADDED, ONTOLOGY, SCHEMA_ORG],
    )
    if not isinstance(answer, ox.QueryTriples):
        raise InputError(f"{path}: not a CONSTRUCT query")
    return list(answer)


def apply_rules(data: NTriples, ontology: NTriples) -> NTriples:
    """The triples the rules add to ``data`` (none of them already in it)."""
    store = _dataset(data, ontology)
    *steps, result = rule_files()
    for path in steps:
        store.extend(ox.Quad(t.subject, t.predicate, t.object, ADDED) for t in _run(store, path))
    return NTriples.from_triples(_run(store, result))
