"""Statistics shared by studies: small pure functions on arrays, importing nothing from the data.

:mod:`analysis.stats.gaps`: the gap between areas in an indicator published with confidence
intervals (a slope index against a ranking, the top against the bottom share, the highest against
the lowest), each with an interval that contains its estimate, and the change in a gap between two
periods with its verdict.
"""
