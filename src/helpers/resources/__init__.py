"""The knowledge base, the codebook and the lexicons, with the YAML files they are read from."""
