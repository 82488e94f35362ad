"""Claims kept between runs: the SQLite extraction cache (checksummed rows keyed by a hash of the text, the
metadata and the extractor's fingerprint, so a warm run never imports quantulum3), the streamed extraction of a
run through it and a pool of processes, and the Parquet claims table.
"""
