import pytest

from sekom_kg.rdfio.formats import RdfFormat, media_type_for


@pytest.mark.parametrize(
    ("fmt", "extension", "media_type"),
    [
        (RdfFormat.TURTLE, ".ttl", "text/turtle"),
        (RdfFormat.NTRIPLES, ".nt", "application/n-triples"),
        (RdfFormat.JSONLD, ".jsonld", "application/ld+json"),
        (RdfFormat.RDFXML, ".rdf", "application/rdf+xml"),
        (RdfFormat.TRIG, ".trig", "application/trig"),
    ],
    ids=lambda v: getattr(v, "cli_name", None),
)
def test_format_table(fmt: RdfFormat, extension: str, media_type: str) -> None:
    assert (fmt.extension, fmt.media_type) == (extension, media_type)
    assert RdfFormat.from_extension(extension) is fmt
    assert RdfFormat.from_name(fmt.cli_name) is fmt


def test_media_type_for_manifest() -> None:
    assert media_type_for("manifest.json") == "application/json"
    assert media_type_for("shapes.ttl") == "text/turtle"
    with pytest.raises(ValueError):
        RdfFormat.from_extension(".csv")
