"""clustermap: supply-chain network analysis of regional industrial clusters.

The public API is imported lazily, so that ``clustermap --help`` stays fast and
``import clustermap`` does not pull in pandas, networkx or pyvis until they are used.

>>> import clustermap as cm
>>> cm.__version__ == cm.__version__.strip()
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from clustermap._version import __version__

# name -> module that defines it; loaded on first attribute access (PEP 562).
_LAZY = {
    "analyze": "clustermap.api",
    "analyze_to_folder": "clustermap.api",
    "Analysis": "clustermap.api",
    "AnalysisOptions": "clustermap.options",
    "ReadOptions": "clustermap.options",
    "read_survey": "clustermap.survey",
    "check_survey": "clustermap.survey",
    "CheckResult": "clustermap.survey",
    "Survey": "clustermap.survey",
    "build_graph": "clustermap.graph.build",
    "undirected_projection": "clustermap.graph.build",
    "firm_centralities": "clustermap.graph.centrality",
    "louvain_communities": "clustermap.graph.community",
    "borgatti_everett_discrete": "clustermap.graph.coreperiphery",
    "borgatti_everett_continuous": "clustermap.graph.coreperiphery",
    "network_figures": "clustermap.graph.figures",
    "network_summary": "clustermap.graph.figures",
    "write_results": "clustermap.export",
    "analyze_many": "clustermap.batch",
    "plan_batch": "clustermap.batch",
    "Comparison": "clustermap.compare",
    "compare_surveys": "clustermap.compare",
    "ClustermapError": "clustermap.errors",
    "SurveyError": "clustermap.errors",
    "OutputError": "clustermap.errors",
    "Issue": "clustermap.errors",
    "ExitCode": "clustermap.errors",
    "UsageError": "clustermap.errors",
}

__all__ = [
    "Analysis",
    "AnalysisOptions",
    "CheckResult",
    "ClustermapError",
    "Comparison",
    "ExitCode",
    "Issue",
    "OutputError",
    "ReadOptions",
    "Survey",
    "SurveyError",
    "UsageError",
    "__version__",
    "analyze",
    "analyze_many",
    "analyze_to_folder",
    "borgatti_everett_continuous",
    "borgatti_everett_discrete",
    "build_graph",
    "check_survey",
    "compare_surveys",
    "firm_centralities",
    "louvain_communities",
    "network_figures",
    "network_summary",
    "plan_batch",
    "read_survey",
    "undirected_projection",
    "write_results",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from clustermap.api import Analysis, analyze, analyze_to_folder
    from clustermap.batch import analyze_many, plan_batch
    from clustermap.compare import Comparison, compare_surveys
    from clustermap.errors import (
        ClustermapError,
        ExitCode,
        Issue,
        OutputError,
        SurveyError,
        UsageError,
    )
    from clustermap.export import write_results
    from clustermap.graph.build import build_graph, undirected_projection
    from clustermap.graph.centrality import firm_centralities
    from clustermap.graph.community import louvain_communities
    from clustermap.graph.coreperiphery import (
        borgatti_everett_continuous,
        borgatti_everett_discrete,
    )
    from clustermap.graph.figures import network_figures, network_summary
    from clustermap.options import AnalysisOptions, ReadOptions
    from clustermap.survey import CheckResult, Survey, check_survey, read_survey


def __getattr__(name: str) -> Any:
    try:
        module = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'clustermap' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
