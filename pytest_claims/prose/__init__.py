"""Reading prose: documents and their metadata -> sentences and tokens -> numbers (spelled out, scales)
-> quantities (quantulum3 plus our grammar) -> claims (what a number counts, who said it, when it
held).
"""
