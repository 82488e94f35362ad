"""A rule's own tests: its examples, why it selected or skipped each number (explain), and whether it
can fail at all (sensitivity). Their results are records in outcomes.py.
"""
