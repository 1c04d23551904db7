"""The identifying-detail patterns, one by one: what they must catch and what they must not."""

from __future__ import annotations

import pytest

from briefings.content.privacy import identifying, nhs_number_valid


def found(text: str, allowed=()) -> list[tuple[str, str]]:
    return [(what, match) for _, what, match in identifying(text, allowed)]


@pytest.mark.parametrize("text, what, match", [
    ("lived near NR4 7TJ then", "a postcode", "NR4 7TJ"),
    ("call 01603 123456 today", "a phone number", "01603 123456"),
    ("mobile +44 7700 900123", "a phone number", "+44 7700 900123"),
    ("wrote to mum@example.org", "an e-mail address", "mum@example.org"),
    ("NI number AB 12 34 56 C", "a National Insurance number", "AB 12 34 56 C"),
    ("she was born on 12/03/2015", "a date of birth", "born on 12/03/2015"),
    ("seen on 03/09/2026 at home", "a full date", "03/09/2026"),
    ("her mother Sarah Jones said", "a full name", "Sarah Jones"),
    ("Mrs Patel visited", "a full name", "Mrs Patel"),
    ("NHS 943 476 5919 on file", "an NHS number", "943 476 5919"),
])
def test_each_kind_of_identifying_detail_is_caught(text, what, match):
    assert (what, match) in found(text)


@pytest.mark.parametrize("text", [
    "Health visitors saw the baby many times.",
    "The Children Act 1989 and Working Together set out duties.",   # capitalised, no names
    "Between 2017 and 2019, 235 reviews were analysed.",
    "Table 1 gives 12 of 30 deaths.",
    "reference 943 476 5918 (not a valid NHS number)",
])
def test_ordinary_case_review_prose_is_not_flagged(text):
    assert found(text) == []


def test_a_deliberate_exception_is_not_flagged():
    assert found("reviewed by Sarah Jones", allowed=["Sarah Jones"]) == []


def test_nhs_numbers_are_judged_by_their_check_digit():
    assert nhs_number_valid("9434765919")
    assert not nhs_number_valid("9434765918")
