"""Crisis safety net: finds suicide, overdose-now and immediate-danger messages without
relying on the intent classifier alone.

`lexicon` holds the words, `patterns` compiles them for spaCy, `spelling` repairs common
typos, `context` decides whether a mention is live (not negated, not past, not hypothetical),
`detect` runs all of it on a text, and `decide` combines the result with the classifier.
"""
