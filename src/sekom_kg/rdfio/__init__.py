"""rdfio."""
