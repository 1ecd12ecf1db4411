"""Summarizing an article: its clean tree split into sentences, each sentence embedded and
described by features, scored by the learned ranker, and the summary picked.

sentences (paragraphs and Punkt sentences) -> embed (the static sentence model) -> features ->
scorer (the learned ranker, data/ranker.npz) -> rank (graph signals, the greedy pick) -> marks
(each ranked sentence wrapped in the reader view). Nothing here knows about pages or HTTP.
"""
