"""Firm names: Turkish case rules, legal forms, likely duplicates, alias decisions."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from clustermap.errors import SurveyError
from clustermap.survey import read_survey
from clustermap.survey.names import name_key, resolve_names
from tests.conftest import found

Write = Callable[..., Path]


@pytest.mark.parametrize(
    "spellings",
    [
        ["İSTANBUL Döküm", "istanbul döküm", "İstanbul Döküm A.Ş."],
        ["Işık Kablaj", "IŞIK KABLAJ", "ışık kablaj", "Işık Kablaj Ltd. Şti."],
        ["Öz-Demir San. ve Tic. A.Ş.", "ÖZ DEMİR", "öz demir sanayi ve ticaret ltd. şti."],
        ["ACME Inc.", "Acme GmbH", "acme"],
    ],
)
def test_spellings_normalisation_proves_the_same(spellings: list[str]) -> None:
    assert len({name_key(name) for name in spellings}) == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Anadolu Makina Sanayi", "Anadolu Makina Ticaret"),
        ("Yıldız İnş. Ltd. Şti.", "Yıldız Paz. Ltd. Şti."),
        ("Bilişim Ağ", "Bilişim"),
        ("Kalıp A.Ş.", "Kalıp Sanayi"),
    ],
)
def test_business_words_are_not_legal_forms(first: str, second: str) -> None:
    assert name_key(first) != name_key(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Istanbul Döküm", "İstanbul Döküm"),
        ("isik Kablaj", "Işık Kablaj"),
        ("Anadolu Hassas İşleme", "Anadolu Hassas Isleme Ltd"),
    ],
)
def test_spellings_normalisation_cannot_prove(first: str, second: str) -> None:
    assert name_key(first) != name_key(second)
    [pair] = resolve_names(Counter({first: 1, second: 2})).duplicates
    assert (pair.first, pair.second, pair.score) == (second, first, 0.99)
    # written as often: the spelling with the Turkish letters is the likely canonical name
    # (people leave the marks out, they do not add them), whichever sorts first
    turkish = max((first, second), key=lambda name: sum(c in "çğıİöşü" for c in name))
    other = second if turkish == first else first
    [pair] = resolve_names(Counter({first: 1, second: 1})).duplicates
    assert (pair.first, pair.second) == (turkish, other)


def test_the_firms_file_spelling_is_the_likely_canonical_name_on_a_tie() -> None:
    names = Counter({"Işık Kablaj": 1, "Isik Kablaj": 1})
    [pair] = resolve_names(names, preferred=["Isik Kablaj"]).duplicates
    assert (pair.first, pair.second) == ("Isik Kablaj", "Işık Kablaj")


def test_display_name_is_the_most_common_spelling() -> None:
    names = resolve_names(Counter({"IŞIK KABLAJ": 1, "Işık Kablaj": 3, "ışık kablaj": 2}))
    assert set(names.display.values()) == {"Işık Kablaj"}


def test_different_firms_are_not_suggested() -> None:
    names = Counter(
        {
            "Yalçın Hassas Mekanik": 1,
            "Ünal Hassas Mekanik": 1,
            "Demirtaş Makine": 1,
            "Karataş Makine": 1,
        }
    )
    assert resolve_names(names).duplicates == []


def test_typos_and_abbreviations_are_suggested() -> None:
    names = resolve_names(
        Counter(
            {
                "Anadolu Hassas İşleme": 3,
                "Anadolu Hasas İşleme": 1,
                "Ankara Makina": 2,
                "Ank. Makina": 1,
            }
        )
    )
    pairs = {(d.first, d.second) for d in names.duplicates}
    assert pairs == {
        ("Anadolu Hassas İşleme", "Anadolu Hasas İşleme"),
        ("Ankara Makina", "Ank. Makina"),
    }


def test_alias_file_merges_renames_and_separates(write: Write) -> None:
    ties = write(
        "t.csv",
        "supplier,customer\nIsik Kablaj,Anka\nIşık Kablaj,Anka\n"
        "Öz Metal A.Ş.,Anka\nÖz Metal Ltd.,Bora\n",
    )
    plain = read_survey(ties)
    assert sorted(plain.names.variants) == ["Öz Metal A.Ş."]
    assert [{d.first, d.second} for d in plain.names.duplicates] == [{"Isik Kablaj", "Işık Kablaj"}]
    aliases = write(
        "aliases.csv",
        "variant,canonical\nIsik Kablaj,Işık Kablaj Ltd. Şti.\nÖz Metal Ltd.,Öz Metal Ltd.\n",
    )
    decided = read_survey(ties, aliases=aliases)
    assert sorted(set(decided.ties["supplier"])) == [
        "Işık Kablaj Ltd. Şti.",
        "Öz Metal A.Ş.",
        "Öz Metal Ltd.",
    ]
    assert decided.names.duplicates == []
    assert decided.ties["rows"].tolist()[0] == 2  # both spellings of Işık Kablaj, one tie


def test_alias_file_problems_are_reported(write: Write) -> None:
    ties = write("t.csv", "supplier,customer\nA,B\n")
    aliases = write("aliases.csv", "variant,target_name\nA,X\n")
    with pytest.raises(SurveyError, match="no canonical column") as caught:
        read_survey(ties, aliases=aliases)
    assert [issue.code for issue in caught.value.issues if issue.is_error] == ["missing-column"]
    assert caught.value.issues[0].file.endswith("aliases.csv")


def test_starter_alias_file_round_trips_unchanged(write: Write, tmp_path: Path) -> None:
    from clustermap.export.tables import csv_text
    from clustermap.survey import ALIAS_FILE_COLUMNS, starter_aliases

    ties = write(
        "t.csv",
        "supplier,customer\nIşık Kablaj,B\nIşık Kablaj,C\nIsik Kablaj,D\n"
        "Işık Kablj,E\nIŞIK KABLAJ A.Ş.,F\n",
    )
    first = read_survey(ties)
    starter = tmp_path / "aliases.csv"
    text = csv_text(ALIAS_FILE_COLUMNS, starter_aliases(first.names))
    starter.write_bytes(text.encode("utf-8-sig"))
    again = read_survey(ties, aliases=starter)  # given back unchanged: no conflicts
    # the suggestions are not applied: the same firms as without the file
    assert set(again.ties["supplier"]) == set(first.ties["supplier"])
    assert set(first.ties["supplier"]) == {"Işık Kablaj", "Isik Kablaj", "Işık Kablj"}
    [note] = [issue for issue in again.issues if issue.code == "suggested-aliases"]
    assert "2 rows of the alias file are suggestions (lines 3, 4), not applied" in note.message
    refreshed = csv_text(ALIAS_FILE_COLUMNS, starter_aliases(again.names, again.aliases))
    assert refreshed == text  # refreshed: the same rows, the suggestions still suggested
    rows = list(csv.DictReader(io.StringIO(refreshed)))
    assert [(row["variant"], row["reason"].split(":")[0]) for row in rows] == [
        ("IŞIK KABLAJ A.Ş.", "merged"),
        ("Isik Kablaj", "suggested"),
        ("Işık Kablj", "suggested"),
    ]
    # accepted, a suggestion applies, and is a decision of the refreshed file
    accepted = text.replace("suggested: the same letters", "accepted", 1)
    starter.write_bytes(accepted.encode("utf-8-sig"))
    decided = read_survey(ties, aliases=starter)
    assert set(decided.ties["supplier"]) == {"Işık Kablaj", "Işık Kablj"}
    rows = list(
        csv.DictReader(
            io.StringIO(
                csv_text(ALIAS_FILE_COLUMNS, starter_aliases(decided.names, decided.aliases))
            )
        )
    )
    assert [(row["variant"], row["reason"].split(":")[0]) for row in rows] == [
        ("Isik Kablaj", "decision"),
        ("IŞIK KABLAJ A.Ş.", "merged"),
        ("Işık Kablj", "suggested"),
    ]


def test_alias_cycle_is_an_error(write: Write) -> None:
    from clustermap.errors import SurveyError

    ties = write("t.csv", "supplier,customer\nIsik Kablaj,B\nIşık Kablj,C\n")
    aliases = write("a.csv", "variant,canonical\nIsik Kablaj,Işık Kablj\nIşık Kablj,Isik Kablaj\n")
    with pytest.raises(SurveyError, match="in a circle"):
        read_survey(ties, aliases=aliases)


def test_kept_apart_spelling_can_still_receive_merges(write: Write) -> None:
    ties = write("t.csv", "supplier,customer\nIşık Kablaj,B\nIsik Kablaj,C\nIŞIK KABLAJ,D\n")
    aliases = write(
        "a.csv", "variant,canonical\nIşık Kablaj,Işık Kablaj\nIsik Kablaj,Işık Kablaj\n"
    )
    survey = read_survey(ties, aliases=aliases)
    suppliers = dict(zip(survey.ties["customer"], survey.ties["supplier"], strict=True))
    assert suppliers == {"B": "Işık Kablaj", "C": "Işık Kablaj", "D": "IŞIK KABLAJ"}


def test_unused_alias_rows_are_reported(write: Write) -> None:
    ties = write("t.csv", "supplier,customer\nA,B\n")
    aliases = write("a.csv", "variant,canonical\nZeta,A\n")
    [issue] = found(read_survey(ties, aliases=aliases).issues)
    assert issue.code == "unused-alias"


def test_custom_layers_ignore_case(write: Write) -> None:
    survey = read_survey(
        write("t.csv", "supplier,customer,relation\nA,B,Lojistik\nB,C,lojistik\nC,D,LOJİSTİK\n")
    )
    assert len(survey.relations) == 1  # one layer, under one of its spellings
