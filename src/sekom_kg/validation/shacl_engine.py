"""Which SHACL engine validates: pyshacl-turbo (``fast``) or pyshacl (``pyshacl``, the reference).

pyshacl-turbo is a Rust engine with pyshacl's API. On our shapes (SPARQL-based constraints,
sequence and inverse paths, ``sh:or``/``sh:xone``) it gives the same conformance and the same
results as pyshacl on the real data and on every fixture in ``tests/data/invalid/``
(``tests/test_shacl_engine.py`` proves it), so it is the default. When it is not installed
or raises, validation falls back to pyshacl; the report records which engine answered.

>>> VALIDATORS
('fast', 'pyshacl')
>>> resolve_validator(None)
'fast'
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, TypedDict

from sekom_kg.core.errors import InputError

if TYPE_CHECKING:
    from rdflib import Graph

    from sekom_kg.assembly.ntriples import NTriples

log = logging.getLogger(__name__)

FAST, PYSHACL = "fast", "pyshacl"
#: The choices of ``--validator``.
VALIDATORS = (FAST, PYSHACL)
#: The default: the fastest engine proven to give pyshacl's results.
DEFAULT_VALIDATOR = FAST
#: Environment variable that overrides the default (``fast`` or ``pyshacl``).
VALIDATOR_ENV = "SEKOM_KG_VALIDATOR"


def resolve_validator(validator: str | None) -> str:
    """``validator`` checked, or the default (``$SEKOM_KG_VALIDATOR``, else ``fast``)."""
    if validator is not None:
        if validator not in VALIDATORS:
            raise InputError(f"unknown validator {validator!r} (valid: {', '.join(VALIDATORS)})")
        return validator
    chosen = os.environ.get(VALIDATOR_ENV) or DEFAULT_VALIDATOR
    if chosen not in VALIDATORS:
        raise InputError(
            f"${VALIDATOR_ENV}: unknown validator {chosen!r} (valid: {', '.join(VALIDATORS)})"
        )
    return chosen


class _Options(TypedDict):
    shacl_graph: Graph
    ont_graph: None
    inference: str
    advanced: bool
    allow_warnings: bool


def _options(shapes: Graph) -> _Options:
    return {
        "shacl_graph": shapes,
        "ont_graph": None,
        "inference": "none",
        "advanced": True,
        "allow_warnings": True,
    }


def _turbo_input(graph: NTriples) -> object:
    """N-Triples handed to pyshacl-turbo's native parser as they are.

    Its public API turns text input into an rdflib graph first, which costs more than the
    validation; its ``Input`` record (what it makes of a pyoxigraph store) does not. Without
    that record the text goes through the public API.
    """
    text = graph.to_bytes().decode("utf-8")
    try:
        from pyshacl_turbo.rdf import Input
    except ImportError:
        return text
    return Input(text, "nt", None, {}, preserve_ids=True)


def shacl_report(
    graph: Graph | NTriples, shapes: Graph, validator: str | None = None
) -> tuple[Graph, str]:
    """Validate ``graph``; return the SHACL report graph and the engine that produced it.

    The engine is ``pyshacl-turbo`` or ``pyshacl``; ``fast`` falls back to pyshacl when
    pyshacl-turbo is missing or raises. pyshacl-turbo reads N-Triples directly; pyshacl
    needs an rdflib graph, made here if ``graph`` is N-Triples.
    """
    from sekom_kg.assembly.ntriples import NTriples

    if resolve_validator(validator) == FAST:
        try:
            import pyshacl_turbo
        except ImportError:
            log.info("pyshacl-turbo is not installed; validating with pyshacl")
        else:
            try:
                source = _turbo_input(graph) if isinstance(graph, NTriples) else graph
                _, report, _ = pyshacl_turbo.validate(source, **_options(shapes))
                return report, "pyshacl-turbo"
            except Exception as error:  # any failure: the reference engine decides
                log.warning("pyshacl-turbo failed (%s); validating with pyshacl", error)
    import pyshacl

    if isinstance(graph, NTriples):
        graph = graph.to_rdflib()
    _, report, _ = pyshacl.validate(graph, **_options(shapes))
    return report, "pyshacl"
