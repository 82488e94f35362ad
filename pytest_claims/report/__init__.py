"""Every text a person reads, rendered last from records by pure functions: claim tables and failures,
self-check outcomes, the session header and the closing section.
"""
