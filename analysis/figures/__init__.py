"""Figures: one house style (``style``, with seaborn for strip plots and fitted lines), the interactive SVG figures built on it
(``interactive``), tables (``tables``) and the facts a page glues (``glue``)."""

from analysis.figures.interactive import (CATEGORY_COLOURS, OKABE_ITO_CONTRAST, OUTLINE, InteractiveFigure,
                                          contrast_ratio, interactive_choropleth, interactive_scatter,
                                          interactive_strip, relative_luminance)
from analysis.figures.glue import glue
from analysis.figures.static import StaticFigure, is_figure, static_figure
from analysis.figures.tables import Table, number, settings_table, table
from analysis.figures.style import (BASE, BNG, EDGE, FAINT, GREY, HIGHLIGHT, INK, LABEL, LEGEND_GREY, MUTED, NOT_SHOWN,
                                    OKABE_ITO, PRIORITY_COLOURS, SEX_COLOURS, choropleth, finish, fitted_line,
                                    source_line, strip, use_style)

__all__ = ["BASE", "BNG", "CATEGORY_COLOURS", "EDGE", "FAINT", "GREY", "HIGHLIGHT", "INK", "LABEL", "LEGEND_GREY", "MUTED",
           "NOT_SHOWN", "OKABE_ITO", "OKABE_ITO_CONTRAST", "OUTLINE", "PRIORITY_COLOURS", "SEX_COLOURS",
           "InteractiveFigure", "StaticFigure", "is_figure", "Table", "choropleth", "contrast_ratio", "finish", "fitted_line", "glue", "interactive_choropleth",
           "interactive_scatter", "interactive_strip", "relative_luminance", "source_line", "settings_table", "static_figure", "strip", "table", "number", "use_style"]
