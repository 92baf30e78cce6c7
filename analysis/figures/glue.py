"""A page's facts, glued for MyST-NB (``glue``) with steady last digits.

The last digit or two of a computed float can differ from one processor to another: numpy adds with the
processor's vector instructions, in an order that depends on which it has. A fact glued as computed would
make the stored notebooks differ from machine to machine (a reproduction on a new machine would leave a
diff), while every figure the book shows stays the same. So a float is glued with
:data:`SIGNIFICANT` significant digits, far more than any page shows or any verdict reads.
"""

from __future__ import annotations

import math
import numbers

#: significant digits a glued float keeps (a page shows four or fewer)
SIGNIFICANT = 12


def steady(value):
    """``value`` with a float (Python's or numpy's) rounded to :data:`SIGNIFICANT` significant digits;
    anything else as it is."""
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        value = float(value)
        return float(f"{value:.{SIGNIFICANT}g}") if math.isfinite(value) else value
    return value


def glue(name: str, variable, display: bool = False) -> None:
    """MyST-NB's :func:`myst_nb.glue`, the value steadied (:func:`steady`); not shown where it is glued."""
    from myst_nb import glue as myst_glue

    myst_glue(name, steady(variable), display=display)
