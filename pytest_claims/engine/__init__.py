"""Evaluating one rule over all claims: selecting each group's claims, splitting them by group_by,
refusing to judge without dates or comparisons, and the verdict.
"""
