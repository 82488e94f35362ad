"""The rule language editors write: selectors (which claims), expressions (conditions between named
claims), regex patterns (run on RE2), and numbers as written in rules.
"""
