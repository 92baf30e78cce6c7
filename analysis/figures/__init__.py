"""Figures: one house style (``style``) and the interactive SVG figures built on it (``interactive``)."""

from analysis.figures.interactive import (CATEGORY_COLOURS, OKABE_ITO_CONTRAST, OUTLINE, InteractiveFigure,
                                          contrast_ratio, interactive_choropleth, interactive_scatter,
                                          interactive_strip, relative_luminance)
from analysis.figures.style import BNG, GREY, OKABE_ITO, PRIORITY_COLOURS, choropleth, finish, source_line, use_style

__all__ = ["BNG", "CATEGORY_COLOURS", "GREY", "OKABE_ITO", "OKABE_ITO_CONTRAST", "OUTLINE", "PRIORITY_COLOURS",
           "InteractiveFigure", "choropleth", "contrast_ratio", "finish", "interactive_choropleth",
           "interactive_scatter", "interactive_strip", "relative_luminance", "source_line", "use_style"]
