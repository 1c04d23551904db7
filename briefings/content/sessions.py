"""Trainers' sessions: the checks a session must pass besides its types and references.

A session is built into a slide deck, a handout, a facilitator guide, question cards and an
evaluation form (render/sessions.py), so what would make one of them wrong is found here,
with the file, line and column to fix: a plan whose minutes do not add up to the session's
length, an exercise with no steps, a step that asks nothing.
"""

from __future__ import annotations

from typing import Iterator

from ..problems import Problem
from .model import Corpus, Session


def problems(corpus: Corpus) -> Iterator[Problem]:
    for session in corpus.of("session"):
        yield from session_problems(session)


def session_problems(session: Session) -> Iterator[Problem]:
    where = session.field_pos or {}
    name = f"session {str(session.id)!r}"
    if session.minutes <= 0:
        yield Problem(where.get("minutes", session.pos),
                      f"{name} lasts {session.minutes} minutes",
                      "give its length in minutes, e.g. minutes: 90")
    if not session.outcomes:
        yield Problem(where.get("outcomes", session.pos), f"{name} has no learning outcomes",
                      "list what participants will be able to do by the end")
    if not session.plan:
        yield Problem(where.get("plan", session.pos), f"{name} has no plan",
                      "list its parts, each with an activity and its minutes")
    else:
        planned = sum(t.minutes for t in session.plan)
        if planned != session.minutes:
            yield Problem(where.get("plan", session.pos),
                          f"the plan of {name} adds up to {planned} minutes, "
                          f"but the session lasts {session.minutes}",
                          "make the minutes of its parts add up to its length")
        for timing in session.plan:
            if timing.minutes <= 0:
                yield Problem(timing.pos, f"{timing.activity!r} lasts {timing.minutes} minutes",
                              "give each part of the plan at least one minute")
    if not session.exercises:
        yield Problem(where.get("exercises", session.pos), f"{name} has no exercises",
                      "add a case study revealed in steps, each step with questions")
    for exercise in session.exercises:
        if not exercise.steps:
            yield Problem((exercise.field_pos or {}).get("steps", exercise.pos),
                          f"exercise {exercise.title!r} has no steps",
                          "reveal the case in steps, each with its questions")
        if exercise.minutes <= 0:
            yield Problem((exercise.field_pos or {}).get("minutes", exercise.pos),
                          f"exercise {exercise.title!r} lasts {exercise.minutes} minutes",
                          "give the time it takes in minutes")
        for number, step in enumerate(exercise.steps, start=1):
            if not step.questions:
                yield Problem(step.pos, f"step {number} of exercise {exercise.title!r} "
                              "asks no questions", "give each step at least one question")
