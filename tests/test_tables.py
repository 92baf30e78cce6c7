"""analysis.figures.tables: tables a reader can read (plain headers, separators, no index, long ones boxed)."""
import pandas as pd
import pytest

from analysis.figures import tables
from analysis.studies.registry import studies


def test_numbers_get_separators_and_whole_numbers_stay_whole():
    df = pd.DataFrame({"lad": ["E1", "E2"], "votes": [4934939.0, 740.0], "share": [51.894, float("nan")]})
    t = tables.table(df, {"lad": "Area", "votes": "Leave votes", "share": "Leave share (%)"})
    assert t.frame.to_dict("list") == {"Area": ["E1", "E2"], "Leave votes": ["4,934,939", "740"],
                                       "Leave share (%)": ["51.9", "–"]}
    html = t._repr_html_()
    assert "<th" in html and ">lad<" not in html and "<th></th>" not in html  # headers as declared, no index column
    assert 'class="lu-t-num">4,934,939<' in html
    assert "lu-table-long" not in html


def test_formats_and_long_tables_scroll_in_their_own_box():
    df = pd.DataFrame({"n": range(30), "money": [1.5e6] * 30})
    t = tables.table(df, {"n": "Number", "money": "Money (£m)"}, formats={"money": lambda v: f"£{v / 1e6:,.1f}m"},
                     caption="Thirty rows")
    assert t.frame["Money (£m)"].iloc[0] == "£1.5m"
    html = t._repr_html_()
    assert "lu-table-long" in html and "30 rows: scroll" in html
    assert repr(t).startswith("Thirty rows")


def test_a_missing_column_is_named():
    with pytest.raises(ValueError, match=r"\['nope'\]"):
        tables.table(pd.DataFrame({"a": [1]}), {"nope": "Nope"})


@pytest.mark.parametrize("s", studies(), ids=lambda s: s.id)
def test_the_settings_table_lists_every_parameter_with_its_default_and_allowed_values(s):
    params = s.params.defaults()
    text = repr(tables.settings_table(params))
    for p in s.params:
        assert p.name in text and str(p.default) in text and all(str(c) in text for c in p.choices)
        assert not p.range or (f"{p.range[0]:g}" in text and f"{p.range[1]:g}" in text)
    assert text.count("\n") >= len(list(s.params)), "one row per parameter"


def test_a_glued_float_keeps_twelve_significant_digits_and_nothing_else_changes():
    import numpy as np

    from analysis.figures.glue import steady

    # two processors' sums of the same numbers, one unit apart in the last place: glued alike
    assert steady(0.4153300989267071) == steady(0.41533009892670714) == 0.415330098927
    assert steady(np.float64(-0.10508494508518694)) == -0.105084945085
    assert steady(123456.78901234567) == 123456.789012 and steady(1.5e-30) == 1.5e-30
    assert [steady(v) for v in (3, np.int64(3), True, "0.41533009892670714")] == [3, 3, True, "0.41533009892670714"]
    assert np.isnan(steady(float("nan"))) and steady(float("inf")) == float("inf")
