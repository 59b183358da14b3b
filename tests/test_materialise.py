from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from sekom_kg.load import load_bundle
from sekom_kg.materialise import materialise
from sekom_kg.namespaces import PROV, RDF, SCHEMA

ID = "https://w3id.org/sekom/id/"
VISIT = URIRef(ID + "event/2007-robertsfors-machakos-visit")
ROBERTSFORS = URIRef(ID + "org/robertsfors")
SEKOM_ORG = URIRef(ID + "org/sekom")


def test_types_follow_subclass_chains(mini_bundle: Path) -> None:
    bundle = load_bundle()
    added = materialise(bundle.data, bundle.ontology)
    assert (VISIT, RDF.type, SCHEMA.Event) in added  # Visit ⊑ Activity ⊑ schema:Event
    assert (ROBERTSFORS, RDF.type, SCHEMA.Place) in added
    assert (ROBERTSFORS, RDF.type, SCHEMA.GovernmentOrganization) in added  # two steps
    assert not any(
        str(o).startswith("http://www.w3.org/ns/prov#") for o in added.objects(None, RDF.type)
    )


def test_properties_follow_subproperty_chains(mini_bundle: Path) -> None:
    bundle = load_bundle()
    added = materialise(bundle.data, bundle.ontology)
    assert (VISIT, SCHEMA.attendee, ROBERTSFORS) in added  # visitor ⊑ participant ⊑ attendee


def test_qualified_associations(mini_bundle: Path) -> None:
    bundle = load_bundle()
    added = materialise(bundle.data, bundle.ontology)
    assert (VISIT, PROV.wasAssociatedWith, SEKOM_ORG) in added
    assert (VISIT, PROV.wasAssociatedWith, ROBERTSFORS) in added
    assert (VISIT, SCHEMA.organizer, SEKOM_ORG) in added  # role host → schema:organizer
    assert (VISIT, SCHEMA.organizer, ROBERTSFORS) not in added


def test_pure_and_only_new_triples(mini_bundle: Path) -> None:
    bundle = load_bundle()
    before = Graph()
    before += bundle.data
    added = materialise(bundle.data, bundle.ontology)
    assert isomorphic(before, bundle.data)
    assert not any(t in bundle.data for t in added)
    assert isomorphic(added, materialise(bundle.data, bundle.ontology))


def test_participations_through_sub_properties_of_qualified_association() -> None:
    """The real data links events to participations with sekom:participation."""
    bundle = load_bundle()
    added = materialise(bundle.data, bundle.ontology)
    visit = URIRef(ID + "event/2007-robertsfors-machakos-visit")
    municipality = URIRef(ID + "org/robertsfors-municipality")
    assert (visit, PROV.wasAssociatedWith, municipality) in added
    assert (visit, SCHEMA.attendee, municipality) in added  # role:visitor → schema:attendee
    source = URIRef(ID + "source/internationella-samarbeten/2007-p2")
    assert (visit, SCHEMA.subjectOf, source) in added  # the paragraph is a work about the visit
    assert (visit, SCHEMA.isBasedOn, source) not in added  # isBasedOn is for creative works
