"""Extraction and selection beyond this process: a Dask cluster's workers, and the claims dataset they write."""
