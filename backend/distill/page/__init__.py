"""Reading a page: from the markup a client sent to the article's clean, sanitized tree.

parse (bytes and markup to the tree) -> metadata (headline, byline, date, language) ->
extract (readability-lxml's pick, trafilatura's second opinion, restore) -> clean (the cleanup
rules) -> sanitize (the allowlist) -> reader (the HTML the client shows). Nothing here knows
about sentences or summaries.
"""
