"""Alias files: the same firms whatever the order of the rows, and a refresh that keeps them."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from clustermap.errors import Issue
from clustermap.export.tables import csv_text
from clustermap.survey import ALIAS_FILE_COLUMNS, read_aliases, starter_aliases
from clustermap.survey.names import (
    NameResolution,
    alias_conflicts,
    alias_cycles,
    clean_name,
    name_key,
    resolve_names,
)
from tests.conftest import found

Write = Callable[..., Path]

#: Spellings whose keys meet and part under the Turkish rules: "Ince"/"ınce" (dotless) and
#: "İnce"/"ince" (dotted) are two keys; legal forms and case are ignored; "Isik", "isik" and
#: "Işık" are three keys that only an alias file joins.
POOL = [
    *("Ince Makina", "ınce makina", "INCE MAKINA A.Ş."),
    *("İnce Makina", "ince makina", "İNCE MAKİNA Ltd. Şti."),
    *("Işık Kablaj", "IŞIK KABLAJ", "ışık kablaj A.Ş.", "Işık Kablj"),
    *("Isik Kablaj", "Isik Kablaj Ltd.", "isik kablaj"),
    *("Bora Döküm", "BORA DÖKÜM San. ve Tic. A.Ş.", "Bora Dokum"),
]
SAME = "\0same"  # drawn as a canonical: the variant itself (the spelling stands apart)

SPELLINGS = st.dictionaries(st.sampled_from(POOL), st.integers(1, 3), min_size=1, max_size=9)
ROWS = st.lists(
    st.tuples(st.sampled_from(POOL), st.sampled_from([*POOL, "", SAME, SAME])).map(
        lambda row: (row[0], row[0] if row[1] == SAME else row[1])
    ),
    max_size=7,
    unique_by=lambda row: row[0],  # an alias file gives each variant once (else an error)
)
PREFERRED = st.lists(st.sampled_from(POOL), max_size=3)
FAST = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


def errors(rows: list[tuple[str, str]]) -> tuple[list[list[str]], list[list[tuple[str, str]]]]:
    return alias_cycles(dict(rows)), alias_conflicts(dict(rows))


def resolve(
    spellings: dict[str, int], rows: list[tuple[str, str]], preferred: list[str]
) -> NameResolution:
    return resolve_names(Counter(spellings), aliases=dict(rows), preferred=preferred)


def given_back(text: str, *, suggested: bool = False) -> dict[str, str]:
    """The rows of an alias file as :func:`read_aliases` reads them (suggested rows or not)."""
    return {
        clean_name(row["variant"]): clean_name(row["canonical"])
        for row in csv.DictReader(io.StringIO(text))
        if suggested or not row["reason"].startswith("suggested")
    }


@FAST
@given(spellings=SPELLINGS, rows=ROWS, preferred=PREFERRED, data=st.data())
def test_alias_rows_in_any_order_give_the_same_firms(
    spellings: dict[str, int],
    rows: list[tuple[str, str]],
    preferred: list[str],
    data: st.DataObject,
) -> None:
    orders = [rows, rows[::-1], data.draw(st.permutations(rows), label="shuffled")]
    found = [errors(order) for order in orders]
    assert found[1:] == found[:1] * 2  # contradictions are found whatever the order
    assume(found[0] == ([], []))
    results = [resolve(spellings, order, preferred) for order in orders]
    assert results[1:] == results[:1] * 2
    names = results[0]
    apart = {variant for variant, canonical in rows if canonical in ("", variant)}
    for variant, canonical in rows:  # every row holds: chains followed, apart kept apart
        if variant in spellings and canonical in spellings:
            assert names.display[variant] == names.display[canonical]
        if variant in apart and variant in spellings:
            assert names.display[variant] == variant
    decided = set(rows) | {(canonical, variant) for variant, canonical in rows}
    for pair in names.duplicates:  # nothing the file decided is suggested again
        assert (pair.first, pair.second) not in decided
        assert not {pair.first, pair.second} & apart


@FAST
@given(spellings=SPELLINGS, rows=ROWS, preferred=PREFERRED)
def test_refreshed_alias_file_keeps_the_firms_and_refreshes_to_the_same_bytes(
    spellings: dict[str, int], rows: list[tuple[str, str]], preferred: list[str]
) -> None:
    assume(errors(rows) == ([], []))
    names = resolve(spellings, rows, preferred)
    refreshed = csv_text(ALIAS_FILE_COLUMNS, starter_aliases(names, dict(rows)))
    # the decisions and merges written make the same firms under the same names
    decided = given_back(refreshed)
    assert set(rows) <= set(decided.items())
    assert errors(list(decided.items())) == ([], [])
    again = resolve(spellings, list(decided.items()), preferred)
    assert again == names
    assert csv_text(ALIAS_FILE_COLUMNS, starter_aliases(again, decided)) == refreshed
    # and the suggested rows, given back too, are never a contradiction
    assert errors(list(given_back(refreshed, suggested=True).items())) == ([], [])


def test_two_rows_in_either_order() -> None:
    spellings = Counter({"ınce makina": 1, "Ince Makina": 1, "İnce Makina": 1, "Bora Döküm": 2})
    rows = [("ınce makina", "Ince Makina"), ("Ince Makina", "ince makina")]
    first, second = (resolve_names(spellings, aliases=dict(order)) for order in (rows, rows[::-1]))
    assert first == second
    assert set(first.display.values()) == {"ince makina", "Bora Döküm"}
    assert first.duplicates == []


def test_chain_is_followed_whatever_the_order() -> None:
    spellings = Counter({"Isik Kablaj": 1, "Işık Kablj": 1, "Işık Kablaj": 3, "isik kablaj": 1})
    rows = [
        ("Isik Kablaj", "Işık Kablj"),
        ("Işık Kablj", "Işık Kablaj Ltd. Şti."),
        ("isik kablaj", "Isik Kablaj"),
    ]
    for order in (rows, rows[::-1], rows[1:] + rows[:1]):
        names = resolve_names(spellings, aliases=dict(order))
        assert set(names.display.values()) == {"Işık Kablaj Ltd. Şti."}


def test_competing_canonical_spellings_are_chosen_by_the_survey() -> None:
    spellings = Counter({"Isik": 1, "Işık Kablaj": 1, "IŞIK KABLAJ A.Ş.": 4})
    rows = [("Isik", "Işık Kablaj"), ("Işık Kablaj", "IŞIK KABLAJ A.Ş.")]
    shown = {
        tuple(sorted(set(resolve_names(spellings, aliases=dict(order)).display.values())))
        for order in (rows, rows[::-1])
    }
    assert shown == {("IŞIK KABLAJ A.Ş.",)}  # the most common of the two canonical spellings


def codes_and_names(issues: list[Issue]) -> list[tuple[str, list[str]]]:
    """Issues without their line numbers: code and the names quoted in the message."""
    return sorted((issue.code, sorted(re.findall(r"'([^']*)'", issue.message))) for issue in issues)


@pytest.mark.parametrize(
    "rows",
    [
        [("Isik Kablaj", "Işık Kablaj"), ("Isik Kablaj Ltd.", "Işık Kablj")],  # one key, 2 firms
        [("Isik", "Işık"), ("Işık", "isik"), ("isik", "Isik")],  # a circle of three keys
        [("Isik", "Işık"), ("Isik", "ISIK"), ("A", "A"), ("A", "")],  # one variant, two names
        [("Isik", "Işık"), ("Işık", "Isik"), ("Isik Ltd.", "Bora"), ("Bora", "")],
    ],
)
def test_contradictions_are_errors_whatever_the_order(
    write: Write, rows: list[tuple[str, str]]
) -> None:
    reports = []
    for number, order in enumerate((rows, rows[::-1], rows[1:] + rows[:1])):
        path = write(
            f"a{number}.csv", "variant,canonical\n" + "".join(f"{v},{c}\n" for v, c in order)
        )
        problems: list[Issue] = []
        read_aliases(path, problems=problems)
        problems = found(problems)
        assert problems
        assert all(issue.is_error for issue in problems)
        assert all("line" in issue.message or issue.line for issue in problems)
        reports.append(codes_and_names(problems))
    assert reports[1:] == reports[:1] * 2


def test_a_spelling_kept_apart_may_be_written_twice(write: Write) -> None:
    path = write("a.csv", "variant,canonical\nIsik,\nIsik,Isik\nIşık,Isik\n")
    problems: list[Issue] = []
    assert read_aliases(path, problems=problems) == {"Isik": "", "Işık": "Isik"}
    assert found(problems) == []


def test_renaming_rows_are_no_cycle() -> None:
    rows = {"ınce makina": "Ince Makina", "INCE MAKINA A.Ş.": "ınce makina"}
    assert name_key("ınce makina") == name_key("Ince Makina")
    assert errors(list(rows.items())) == ([], [])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(spellings=SPELLINGS, rows=ROWS, preferred=PREFERRED)
def test_an_alias_file_refreshed_in_place_changes_nothing(
    spellings: dict[str, int],
    rows: list[tuple[str, str]],
    preferred: list[str],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """``check --aliases a.csv --write-aliases a.csv``, twice, read back by the reader itself:
    the same firms each time, the same bytes the second time, and the suggestions written
    stay suggestions (not applied, still labelled) until a person accepts them."""
    assume(errors(rows) == ([], []))
    path = tmp_path_factory.mktemp("refresh") / "aliases.csv"
    path.write_text("variant,canonical\n" + "".join(f"{v},{c}\n" for v, c in rows), "utf-8")
    decisions = read_aliases(path)
    names = resolve(spellings, list(decisions.items()), preferred)
    written = []
    for _ in range(2):
        text = csv_text(ALIAS_FILE_COLUMNS, starter_aliases(names, decisions))
        path.write_bytes(text.encode("utf-8-sig"))
        written.append(text)
        decisions = read_aliases(path)
        assert resolve(spellings, list(decisions.items()), preferred) == names
    assert written[1] == written[0]
    suggested = [
        (row["variant"], row["canonical"])
        for row in csv.DictReader(io.StringIO(written[0]))
        if row["reason"].startswith("suggested: ")
    ]
    pairs = {(pair.second, pair.first) for pair in names.duplicates}
    assert set(suggested) <= pairs  # each variant once: its best suggestion
    listed = {row["variant"] for row in csv.DictReader(io.StringIO(written[0]))}
    assert {variant for variant, _ in pairs} <= listed
    assert not set(suggested) & set(decisions.items())
    # accepted (the reason rewritten), every suggestion applies
    accepted = re.sub(r",suggested: [^\n]*|,\"suggested: [^\n]*", ",accepted", written[0])
    path.write_bytes(accepted.encode("utf-8-sig"))
    assert read_aliases(path) == {**decisions, **dict(suggested)}


def test_a_suggestion_names_the_turkish_spelling_and_stays_one(write: Write) -> None:
    """The audit's file: the swapped alias rows, and Işık/Isik Kablaj written once each."""
    from clustermap.survey import read_survey

    ties = write(
        "s.csv",
        "supplier,customer,weight\nİnce Makina,Bora,40\nInce Makina,Bora,10\n"
        "ınce makina,Ceyhan,20\nIşık Kablaj Ltd. Şti.,Bora,30\nIsik Kablaj,Ceyhan,25\n",
    )
    aliases = write(
        "a.csv", "variant,canonical\nInce Makina,ince makina\nınce makina,Ince Makina\n"
    )
    before = read_survey(ties, aliases=aliases)
    text = csv_text(ALIAS_FILE_COLUMNS, starter_aliases(before.names, before.aliases))
    [row] = [
        row for row in csv.DictReader(io.StringIO(text)) if row["reason"].startswith("suggested")
    ]
    assert (row["variant"], row["canonical"]) == ("Isik Kablaj", "Işık Kablaj Ltd. Şti.")
    assert row["reason"].startswith("suggested: ")
    aliases.write_bytes(text.encode("utf-8-sig"))
    after = read_survey(ties, aliases=aliases)
    assert after.firm_names == before.firm_names
    assert csv_text(ALIAS_FILE_COLUMNS, starter_aliases(after.names, after.aliases)) == text
