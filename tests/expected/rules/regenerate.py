"""Rewrite ``real.nt`` and ``fixture.nt`` from the current rules (review the diff!)."""

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    for name, root in (("real", None), ("fixture", HERE.parents[1] / "data" / "bundle")):
        if root:
            os.environ["SEKOM_KG_BUNDLE_ROOT"] = str(root)
        from sekom_kg.assembly.load import load_sources
        from sekom_kg.assembly.rules import apply_rules

        sources = load_sources()
        (HERE / f"{name}.nt").write_bytes(apply_rules(sources.data, sources.ontology).to_bytes())
