"""The one vocabulary for IMD measures: every key maps to a column the loaders produce."""

import pytest

from analysis.data import imd, loaders
from analysis.errors import ParameterError


def test_every_measure_has_a_score_a_rank_and_a_label():
    for mapping in (imd.SCORE_COLUMN, imd.RANK_COLUMN, imd.LABEL):
        assert tuple(mapping) == imd.IMD_MEASURES
    assert set(imd.SCORE_COLUMN.values()) | set(imd.RANK_COLUMN.values()) == set(loaders.IMD_LA_MEASURES.values())


def test_unknown_measure_names_the_parameter_and_the_choices():
    with pytest.raises(ParameterError, match="'imd_measure' = 'avg_score' is not allowed; one of: 'average_score'"):
        imd.rank_column("avg_score")
    assert imd.score_column("extent") == "imd_extent"
