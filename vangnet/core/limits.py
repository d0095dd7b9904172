"""Upper bounds on what a user can type, one place for all of them.

Real texts fit comfortably: an agreement, a mapping item or a signal of a few thousand
characters (a page of A4 is about 3,000). The bound keeps a single field from making a
page, a PDF or the review take seconds (a 2 MB agreement once made its PDF take 44 s).
"""

TEXT_MAX = 10_000  # free text: notes, agreements, rationales, summaries
