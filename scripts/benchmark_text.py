"""Reader HTML on stdin -> the text an extraction benchmark scores, by the benchmark's own rules.

The ScrapingHub benchmark (and ../shared/tools/score_extraction.py) turns an extractor's HTML into
text with html_to_text: every tag boundary is a word boundary. The readability-lxml baseline is
scored that way, so Distill's reader HTML is too, for a like-for-like figure. Usage:
    distill extract page.html --format html | python scripts/benchmark_text.py ../shared/tools
"""

import sys

sys.path.insert(0, sys.argv[1])
from score_extraction import html_to_text

print(html_to_text(sys.stdin.read()))
