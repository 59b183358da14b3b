import pytest
from rdflib import Graph, Literal, URIRef

from sekom_kg.assembly.ntriples import NTriples
from sekom_kg.assembly.remint import check_base, remint
from sekom_kg.core.errors import ConfigError, InputError

SEKOM = "https://w3id.org/sekom/"


def graph() -> Graph:
    g = Graph()
    g.add(
        (
            URIRef(SEKOM + "id/event/x"),
            URIRef(SEKOM + "ontology#visitor"),
            URIRef(SEKOM + "id/org/y"),
        )
    )
    g.add((URIRef(SEKOM + "ontology"), URIRef(SEKOM + "ontology#p"), Literal(SEKOM + "id/kept")))
    g.add(
        (
            URIRef(SEKOM + "dataset"),
            URIRef(SEKOM + "vocab/role/host"),
            URIRef("https://schema.org/x"),
        )
    )
    return g


def ntriples(graph: Graph) -> NTriples:
    return NTriples.from_bytes(graph.serialize(format="nt", encoding="utf-8"))


def test_remint_moves_resources_not_terms() -> None:
    out = Graph().parse(
        data=remint(ntriples(graph()), "https://example.org/kg/").to_bytes(), format="nt"
    )
    iris = {str(t) for triple in out for t in triple if isinstance(t, URIRef)}
    assert "https://example.org/kg/id/event/x" in iris
    assert "https://example.org/kg/vocab/role/host" in iris
    assert "https://example.org/kg/dataset" in iris
    assert SEKOM + "ontology#visitor" in iris
    assert SEKOM + "ontology" in iris
    assert not any(i.startswith(SEKOM) and not i.startswith(SEKOM + "ontology") for i in iris)
    assert (None, None, Literal(SEKOM + "id/kept")) in out  # literals untouched
    assert len(out) == len(graph())


@pytest.mark.parametrize(
    "base",
    [
        "example.org/kg/",
        "https://example.org/kg",
        "ftp://example.org/",
        "https:///x/",
        "https://e.org/a b/",
    ],
)
def test_bad_base(base: str) -> None:
    with pytest.raises(ConfigError):
        check_base(base)
    assert issubclass(ConfigError, InputError)
