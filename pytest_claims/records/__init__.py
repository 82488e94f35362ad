"""Plain frozen records that flow one way (documents, quantities, claims, verdicts), intervals with
their exact arithmetic and formatting, errors at a file and line, and the YAML reader that keeps
line marks. Imports nothing else of the package.
"""
