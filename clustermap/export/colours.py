"""Community colours, shared by the interactive map and the graph files for Gephi."""

from __future__ import annotations

__all__ = ["OTHER_COLOUR", "PALETTE", "community_colour", "rgb"]

#: Community colours (Okabe-Ito and Tableau hues, distinguishable on a projector);
#: communities beyond the palette are grey.
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#8C564B",
    "#F0E442", "#7F3C8D", "#11A579", "#3969AC", "#E73F74",
)  # fmt: skip
OTHER_COLOUR = "#9E9E9E"


def community_colour(community: int | None) -> str:
    """Colour of a community; grey for small communities and firms without ties.

    >>> community_colour(0), community_colour(99), community_colour(None)
    ('#0072B2', '#9E9E9E', '#9E9E9E')
    """
    if community is None or community >= len(PALETTE):
        return OTHER_COLOUR
    return PALETTE[community]


def rgb(colour: str) -> tuple[int, int, int]:
    """``"#0072B2"`` -> ``(0, 114, 178)``.

    >>> rgb("#0072B2")
    (0, 114, 178)
    """
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
