"""The OWL ontology: documented in both languages and aligned to the vocabularies it extends."""

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from sekom_kg.core import resources

SEKOM = "https://w3id.org/sekom/ontology#"
REUSED = (
    "https://schema.org/",
    "http://www.w3.org/ns/org#",
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://purl.org/dc/terms/",
)
ONTOLOGY = Graph().parse(resources.ontology_path(), format="turtle")
TERMS = sorted(
    term
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    for term in ONTOLOGY.subjects(RDF.type, kind)
    if str(term).startswith(SEKOM)
)


def languages(term: URIRef, predicate: URIRef) -> set[str | None]:
    return {o.language for o in ONTOLOGY.objects(term, predicate) if isinstance(o, Literal)}


def test_ontology_header() -> None:
    ontology = URIRef("https://w3id.org/sekom/ontology")
    assert (ontology, RDF.type, OWL.Ontology) in ONTOLOGY
    for predicate in (
        OWL.versionIRI,
        URIRef("http://purl.org/dc/terms/creator"),
        URIRef("http://purl.org/dc/terms/license"),
        URIRef("http://purl.org/dc/terms/description"),
    ):
        assert ONTOLOGY.value(ontology, predicate) is not None, predicate


@pytest.mark.parametrize("term", TERMS, ids=lambda t: str(t).removeprefix(SEKOM))
def test_term_is_labelled_and_commented_in_swedish_and_english(term: URIRef) -> None:
    assert languages(term, RDFS.label) == {"sv", "en"}
    assert languages(term, RDFS.comment) == {"sv", "en"}


@pytest.mark.parametrize("term", TERMS, ids=lambda t: str(t).removeprefix(SEKOM))
def test_term_is_aligned_to_a_reused_vocabulary(term: URIRef) -> None:
    relation = RDFS.subClassOf if (term, RDF.type, OWL.Class) in ONTOLOGY else RDFS.subPropertyOf
    ancestors = set(ONTOLOGY.transitive_objects(term, relation)) - {term}
    assert any(str(a).startswith(REUSED) for a in ancestors), ancestors


def test_closed_namespace_lists_exactly_the_ontology_terms() -> None:
    """``SEKOM`` (a closed namespace) knows every term of the ontology and no other."""
    from rdflib import Graph

    from sekom_kg.core.namespaces import SEKOM

    graph = Graph().parse(Path(__file__).parents[1] / "ontology" / "sekom.ttl")
    prefix = str(SEKOM)
    in_ontology = {
        str(node)[len(prefix) :]
        for node in graph.all_nodes()
        if str(node).startswith(prefix) and str(node) != prefix
    }
    declared = {name for name in SEKOM.__annotations__ if not name.startswith("_")}
    assert declared == in_ontology
    with pytest.raises(AttributeError):
        _ = SEKOM.cuont
