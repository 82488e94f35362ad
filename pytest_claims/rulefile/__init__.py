"""Rule files: finding them, decoding their YAML strictly into Rule records with line numbers, and the
JSON Schema editors get from the same declarations.
"""
