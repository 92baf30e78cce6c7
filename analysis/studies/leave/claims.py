"""The published figures the Leave page tests: the two LA coefficients of Lloyd (2022), Figures 2
and 3, and the remark of Figure 1 that few inner-city areas score highly on both indices.

The remark is qualitative: it is tested with the rule written with its claim, that it holds
(``reproduced`` = 1) if the share of inner-city wards in the worst 10% on both indices is below the
share among all wards.
"""

from __future__ import annotations

import pandas as pd

from analysis.ledger import claims
from analysis.ledger.claims import Claim
from analysis.ledger.documents import LLOYD
from analysis.studies.leave import INNER_CITY_SHORT, STUDY
from analysis.studies.leave.compute import PUBLISHED_R, Result, correlate, nearest, specification_words

PAGE = f"notebooks/{STUDY.notebook}"

CLAIMS = (
    Claim("leave_imd_r", LLOYD, "Figure 2 (local authorities, IMD 2019 against the 2016 Leave vote)",
          "Local authority IMD score against the Leave vote: Pearson r (Figure 2)", f"{PUBLISHED_R['IMD']:.2f}",
          "coefficient"),
    Claim("leave_cni_r", LLOYD, "Figure 3 (local authorities, Community Needs Index against the 2016 Leave vote)",
          "Local authority CNI against the Leave vote: Pearson r (Figure 3)", f"{PUBLISHED_R['CNI']:.2f}",
          "coefficient"),
    Claim("leave_fig1_inner_city", LLOYD,
          "Figure 1 (all wards in England, IMD 2019 against the CNI 2019) and its text",
          "Figure 1: few inner-city areas score highly on both IMD and CNI", "few (qualitative remark)", "remark",
          rule="holds if the share of inner-city wards in the worst 10% on both the IMD and the CNI is below the "
               "share among all wards"),
)
CLAIMS_BY_ID = {c.id: c for c in CLAIMS}


def rows(d: pd.DataFrame, spec: pd.DataFrame, inner: pd.DataFrame, inner_city: str, spec_text: str,
         confidence: float = 0.95) -> pd.DataFrame:
    """The page's ledger rows: the two LA coefficients on one specification (``d``, described by
    ``spec_text``) against every specification (``spec``), and Figure 1's remark on the ``inner_city``
    definition (``inner``: :func:`compute.inner_city_table`)."""
    values, notes = {}, {}
    for index, x in (("IMD", "imd"), ("CNI", "cni")):
        r = correlate(d[x], d["leave"], "pearson", confidence)
        s = spec[spec["index"] == index]
        near = nearest(spec, index, 1).iloc[0]
        values[f"leave_{x}_r"] = round(r["r"], 4)
        notes[f"leave_{x}_r"] = (
            f"{spec_text}; Pearson, n = {r['n']}, {100 * confidence:g}% interval {r['ci_low']:.3f} to "
            f"{r['ci_high']:.3f}. {int(s['rounds_to_published'].sum())} of {len(s)} specifications round to "
            f"{PUBLISHED_R[index]:.2f}; the nearest ({specification_words(near)}) gives r = {near['r']:.3f}")
    row = inner.loc[inner_city]
    held = ", ".join(INNER_CITY_SHORT[d] for d in inner.index[inner["holds"]]) or "none"
    values["leave_fig1_inner_city"] = int(row["holds"])
    notes["leave_fig1_inner_city"] = (
        f"inner city = {INNER_CITY_SHORT[inner_city]}: {row['high_on_both']} of {row['wards']} wards in the worst "
        f"10% on both IMD and CNI ({row['share_pct']:.1f}%) against {row['all_wards_high_on_both']} of "
        f"{row['all_wards_n']} of all wards ({row['all_wards_pct']:.1f}%); holds under {int(inner['holds'].sum())} "
        f"of {len(inner)} definitions of inner city ({held})")
    return claims.rows_for(CLAIMS, STUDY.id, PAGE, values, notes)


def ledger(res: Result) -> pd.DataFrame:
    """The page's ledger rows for a run."""
    p = res.params
    return rows(res.d, res.spec, res.inner_city, p.inner_city, res.texts["spec_text"], p.confidence)
