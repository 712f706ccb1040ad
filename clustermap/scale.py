"""Where clustermap changes how it computes as networks grow: one policy, one object.

Every threshold a network's size crosses is a decision about what a user gets at that size
(exact or estimated paths, the compiled engine, significance tests, the files written);
they live together here so that they are read, changed and tested as one policy. The
module is light (no import beyond the standard library): the command line reads it.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SCALE", "ScalePolicy", "engine_note"]


@dataclass(frozen=True)
class ScalePolicy:
    """The sizes at which an analysis does less, or does it differently.

    Attributes
    ----------
    large : int
        Firms above which a network is large: betweenness and closeness are estimated from
        sampled firms (the default of ``exact_up_to``), the ``auto`` engine is networkit when
        installed, Louvain runs :attr:`large_runs` times, the significance tests are left
        out unless asked for, resilience averages :attr:`large_random_orders` random orders,
        and the files that do not work at that size (``firm_pages.html``, ``map.svg``,
        ``firms.xlsx``, ``network.gexf``) are left out.
    huge_files : int
        Firms above which ``network.graphml`` is left out too.
    complete : int
        Ties up to which every measure is computed (the default of ``complete_up_to``);
        above, only those near-linear in the ties, and Louvain runs :attr:`huge_runs` times.
    runs, large_runs, huge_runs : int
        Seeded Louvain runs by default, above :attr:`large` firms, above :attr:`complete`
        ties.
    nulls : int
        Randomised networks of the significance tests by default (none above :attr:`large`).
    random_orders, large_random_orders : int
        Random orders of removal averaged by the resilience curve, up to and above
        :attr:`large` firms.

    Examples
    --------
    >>> SCALE.large, SCALE.is_large(5_000), SCALE.is_large(5_001)
    (5000, False, True)
    """

    large: int = 5_000
    huge_files: int = 50_000
    complete: int = 2_000_000
    runs: int = 20
    large_runs: int = 5
    huge_runs: int = 1
    nulls: int = 20
    random_orders: int = 10
    large_random_orders: int = 3

    def is_large(self, firms: int) -> bool:
        """Whether a network of ``firms`` firms is large (see :attr:`large`)."""
        return firms > self.large


#: The policy every analysis follows.
SCALE = ScalePolicy()


#: What a whole analysis above :attr:`ScalePolicy.large` firms costs, as seconds = fixed +
#: per million ties, by engine; measured on the development machine on a day when
#: ``sum(range(10**8))`` took 1.44 s (benchmarks/README.md: 53 s for 10,000 firms and
#: 50,000 ties and 668 s for 100,000 firms and 1,000,000 ties with networkx; 73 s for the
#: latter with networkit).
EXPECTED_SECONDS = {"networkx": (20.0, 650.0), "networkit": (10.0, 63.0)}


def engine_note(firms: int, ties: int, engine: str, fast_installed: bool) -> str | None:
    """What a user should know before a large analysis runs on networkx because the fast
    engine is not installed: how long it takes and how to install it; ``None`` otherwise.

    >>> note = engine_note(100_000, 1_000_000, "networkx", fast_installed=False)
    >>> note[:76]
    '100,000 firms: the measures run on networkx (networkit is not installed), wh'
    >>> note[note.index("takes"):]  # doctest: +NORMALIZE_WHITESPACE
    'takes about 11 minutes for 1,000,000 ties on a typical laptop; the fast engine takes
    about 1 minute: pip install "clustermap[fast]"'
    >>> engine_note(100_000, 1_000_000, "networkit", fast_installed=True) is None
    True
    """
    if engine != "networkx" or fast_installed or not SCALE.is_large(firms):
        return None

    def minutes(name: str) -> str:
        fixed, per_million = EXPECTED_SECONDS[name]
        count = max(1, round((fixed + per_million * ties / 1e6) / 60))
        return f"about {count} minute{'s' if count != 1 else ''}"

    return (
        f"{firms:,} firms: the measures run on networkx (networkit is not installed), which "
        f"takes {minutes('networkx')} for {ties:,} ties on a typical laptop; the fast engine "
        f'takes {minutes("networkit")}: pip install "clustermap[fast]"'
    )
