"""The rule language editors write: selectors (which claims), expressions (conditions between named
claims), regex patterns with their guard, and numbers as written in rules.
"""
