from pathlib import Path

import pytest
from conftest import FIXTURE_BUNDLE
from graphs import expected_rules, rdflib_sources
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from sekom_kg.assembly.load import load_sources
from sekom_kg.assembly.rules import apply_rules, rule_files, schema_org_ntriples
from sekom_kg.core.errors import InputError
from sekom_kg.core.namespaces import PROV, RDF, SCHEMA

ID = "https://w3id.org/sekom/id/"


def rules_output() -> Graph:
    """What the rules add to the active bundle, as an rdflib graph."""
    sources = load_sources()
    return apply_rules(sources.data, sources.ontology).to_rdflib()


VISIT = URIRef(ID + "event/2007-robertsfors-machakos-visit")
ROBERTSFORS = URIRef(ID + "org/robertsfors")
SEKOM_ORG = URIRef(ID + "org/sekom")


def test_types_follow_subclass_chains(mini_bundle: Path) -> None:
    added = rules_output()
    assert (VISIT, RDF.type, SCHEMA.Event) in added  # Visit ⊑ Activity ⊑ schema:Event
    assert (ROBERTSFORS, RDF.type, SCHEMA.Place) in added
    assert (ROBERTSFORS, RDF.type, SCHEMA.GovernmentOrganization) in added  # two steps
    assert not any(
        str(o).startswith("http://www.w3.org/ns/prov#") for o in added.objects(None, RDF.type)
    )


def test_properties_follow_subproperty_chains(mini_bundle: Path) -> None:
    added = rules_output()
    assert (VISIT, SCHEMA.attendee, ROBERTSFORS) in added  # visitor ⊑ participant ⊑ attendee


def test_qualified_associations(mini_bundle: Path) -> None:
    added = rules_output()
    assert (VISIT, PROV.wasAssociatedWith, SEKOM_ORG) in added
    assert (VISIT, PROV.wasAssociatedWith, ROBERTSFORS) in added
    assert (VISIT, SCHEMA.organizer, SEKOM_ORG) in added  # role host → schema:organizer
    assert (VISIT, SCHEMA.organizer, ROBERTSFORS) not in added


def test_pure_and_only_new_triples(mini_bundle: Path) -> None:
    sources = load_sources()
    before = list(sources.data.lines)
    added = apply_rules(sources.data, sources.ontology)
    assert sources.data.lines == before
    assert not set(added.lines) & set(sources.data.lines)
    assert added.lines == apply_rules(sources.data, sources.ontology).lines


def test_participations_through_sub_properties_of_qualified_association() -> None:
    """The real data links events to participations with sekom:participation."""
    added = rules_output()
    visit = URIRef(ID + "event/2007-robertsfors-machakos-visit")
    municipality = URIRef(ID + "org/robertsfors-municipality")
    assert (visit, PROV.wasAssociatedWith, municipality) in added
    assert (visit, SCHEMA.attendee, municipality) in added  # role:visitor → schema:attendee
    source = URIRef(ID + "source/internationella-samarbeten/2007-p2")
    assert (visit, SCHEMA.subjectOf, source) in added  # the paragraph is a work about the visit
    assert (visit, SCHEMA.isBasedOn, source) not in added  # isBasedOn is for creative works


@pytest.mark.parametrize("bundle", ["real", "fixture"])
def test_rules_add_exactly_the_recorded_triples(bundle: str, use_bundle) -> None:
    """The view is exactly ``tests/expected/rules/`` (checked against the rules' earlier
    Python implementation when they became SPARQL, on the real, fixture, 10k and 100k data)."""
    if bundle == "fixture":
        use_bundle(FIXTURE_BUNDLE)
    assert isomorphic(rules_output(), expected_rules(bundle))


def test_rules_give_the_same_answer_on_rdflibs_sparql_engine(use_bundle) -> None:
    """Another SPARQL 1.1 engine (rdflib's) applying the same rule files adds the same
    triples (on the fixture bundle: rdflib takes minutes on the real data)."""
    use_bundle(FIXTURE_BUNDLE)
    sources = rdflib_sources()
    dataset = Dataset()  # its default graph: the data and what the rules added so far
    dataset.default_graph += sources.data
    for name, part in (("data", sources.data), ("ontology", sources.ontology)):
        dataset.graph(URIRef(f"urn:sekom-kg:{name}")).__iadd__(part)
    vocab = dataset.graph(URIRef("urn:sekom-kg:schema.org"))
    vocab.parse(data=schema_org_ntriples(), format="nt")
    added = dataset.graph(URIRef("urn:sekom-kg:added"))
    *steps, last = rule_files()
    for path in steps:
        for triple in list(dataset.query(path.read_text(encoding="utf-8"))):
            added.add(triple)
            dataset.default_graph.add(triple)
    result = Graph()
    for triple in dataset.query(last.read_text(encoding="utf-8")):
        result.add(triple)
    assert isomorphic(result, expected_rules("fixture"))


def test_a_rule_that_is_not_a_construct_is_refused(tmp_path: Path, monkeypatch) -> None:
    from sekom_kg.assembly import rules

    (tmp_path / "10-select.rq").write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    (tmp_path / "90-result.rq").write_text("CONSTRUCT WHERE { ?s ?p ?o }", encoding="utf-8")
    monkeypatch.setattr(rules, "rules_dir", lambda: tmp_path)
    sources = load_sources()
    with pytest.raises(InputError, match=r"10-select\.rq: not a CONSTRUCT query"):
        apply_rules(sources.data, sources.ontology)
