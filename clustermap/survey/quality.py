"""Facts about the quality of a survey: who answered, which ties both sides confirm, names."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from clustermap.turkish import sort_key

if TYPE_CHECKING:
    from clustermap.survey import Survey

__all__ = ["quality_facts"]


def quality_facts(survey: Survey) -> dict[str, Any]:
    """What a consultant should know about the data before trusting the analysis.

    Returns
    -------
    dict
        ``layout``; ``respondents`` (firms known to have answered) and ``named_only``
        (firms in the ties that did not answer), ``None`` when the survey does not say who
        answered;
        ``ties_confirmed`` (both firms answered and both named the tie), ``ties_one_sided``
        (both answered, only one named it) and ``ties_unverifiable`` (one of the two did
        not answer), ``None`` when the ties do not say who reported them;
        ``firms_unmentioned`` (firms-file entries in no tie) and
        ``missing_from_firms_file`` (firms in ties but not in the firms file), ``None``
        without a firms file; ``name_variants`` (firms written several ways, with their
        spellings) and ``likely_duplicates`` (pairs of names for a person to check).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from clustermap.survey import read_survey
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "answers.csv"
    >>> _ = path.write_text("respondent,partner,direction\\nA,B,customer\\nB,A,supplier\\n"
    ...                     "B,C,customer\\nA,D,supplier\\n")
    >>> facts = quality_facts(read_survey(path))
    >>> facts["respondents"], facts["named_only"], facts["ties_confirmed"], facts[
    ...     "ties_unverifiable"]
    (2, 2, 1, 2)
    """
    ties = survey.ties
    suppliers, customers = ties["supplier"].tolist(), ties["customer"].tolist()
    firms_in_ties = set(suppliers) | set(customers)
    respondents = survey.respondents
    reported = ties["reported_by"].astype(bool).any()
    confirmed = one_sided = unverifiable = 0
    for supplier, customer, reporters in zip(
        suppliers, customers, ties["reported_by"].tolist() if reported else (), strict=False
    ):
        if not {supplier, customer} <= respondents:
            unverifiable += 1
        elif {supplier, customer} <= set(reporters.split(";")):
            confirmed += 1
        else:
            one_sided += 1
    has_firms_file = len(survey.firms.columns) > 0 or len(survey.firms.index) > 0
    listed = set(survey.firms.index)
    return {
        "layout": survey.layout,
        "respondents": len(respondents) if respondents else None,
        "named_only": len(firms_in_ties - respondents) if respondents else None,
        "ties_confirmed": confirmed if reported else None,
        "ties_one_sided": one_sided if reported else None,
        "ties_unverifiable": unverifiable if reported else None,
        "firms_unmentioned": _sorted(listed - firms_in_ties) if has_firms_file else None,
        "missing_from_firms_file": _sorted(firms_in_ties - listed) if has_firms_file else None,
        "name_variants": {
            firm: survey.names.variants[firm] for firm in _sorted(survey.names.variants)
        },
        "likely_duplicates": [
            {"first": d.first, "second": d.second, "score": d.score, "reason": d.reason}
            for d in survey.names.duplicates
        ],
    }


def _sorted(names: set[str] | dict[str, Any]) -> list[str]:
    return sorted(names, key=sort_key)
