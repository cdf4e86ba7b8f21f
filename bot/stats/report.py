"""The statistics of one period as tables: each table is drawn as a chart, shown as an
accessible data table beside it and downloadable as CSV (same rows, same numbers).

A period's report is kept (`ReportCache`) until something new is stored, at most 15 minutes: a
page and its CSV downloads count once, and a figure is never older than the data.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from babel.numbers import format_decimal
from sqlalchemy import func, inspect, select

from bot.stats import cases, conversations, needs
from bot.stats.periods import Period, series
from bot.tickets.case import QUEUE_LABELS
from bot.tickets.models import QUEUES, CaseLogEntry, Ticket, utcnow
from bot.web import feedback
from knowledge.database import get_engine, session_scope
from knowledge.models import Tiltak

SERIES_LENGTH = 12
ANSWER_LABELS = {
    "krise": "Krisesvar",
    "kunnskapsbase": "Svar fra kunnskapsbasen",
    "vet_ikke": "Kildene sier ikke noe om det",
    "mente_du": "«Mente du …?»",
    "utenfor": "Utenfor det assistenten kan",
    "fallback": "Ikke forstått",
    "annet": "Annet (hilsen, spørsmål i skjema o.l.)",
}
ASKING_FOR_LABELS = {
    cases.SELF: "For seg selv",
    "forelder": "Forelder",
    "lærer": "Lærer",
    "venn": "Venn",
    "annen": "Annen person",
}


def number(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return format_decimal(
        round(value, digits), format="#,##0" + ("." + "0" * digits if digits else ""), locale="nb"
    )


def percent(part: int, whole: int) -> str:
    return f"{number(100 * part / whole)} %" if whole else "–"


@dataclass(frozen=True)
class Table:
    key: str  # the CSV's name: /inbox/statistikk/<key>.csv
    title: str
    columns: list[str]  # the first is the rows' label
    rows: list[list]  # [label, numbers…]; numbers are int or float (None: no value)
    chart_columns: tuple[int, ...] = (1,)  # the columns drawn (indexes into a row)
    note: str = ""
    formats: dict[int, str] = field(default_factory=dict)  # column → "percent" | "decimal"

    def cell(self, row: list, index: int) -> str:
        value = row[index]
        if index == 0 or isinstance(value, str):
            return str(value)
        kind = self.formats.get(index)
        if kind == "decimal":
            return number(value, 1)
        if kind == "percent":
            return "–" if value is None else f"{number(value)} %"
        return number(value)

    @property
    def empty(self) -> bool:
        return not any(
            isinstance(value, int | float) and value for row in self.rows for value in row[1:]
        )


@dataclass(frozen=True)
class Report:
    period: Period
    conversations: int
    tables: list[Table]
    made_at: dt.datetime

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)


def _tiltak_names(url: str | None) -> dict[str, str]:
    engine = get_engine(url)
    if not inspect(engine).has_table(Tiltak.__tablename__):
        return {}
    with session_scope(url) as session:
        return dict(session.execute(select(Tiltak.id, Tiltak.name)).all())


def _share(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


def build(
    period: Period,
    tracker_url: str,
    database_url: str | None,
    working_days: int,
    now: dt.datetime | None = None,
) -> Report:
    now = now or utcnow()
    engine = conversations.engine_for(tracker_url)
    stored = conversations.has_events(engine)
    periods = series(period, SERIES_LENGTH)
    volumes = {p: _volume(engine, p, now) if stored else conversations.Volume() for p in periods}
    answers = conversations.answers(engine, period) if stored else conversations.Answers()
    demand = conversations.demand(engine, period) if stored else conversations.Demand()
    assessed = conversations.assessments(engine, period) if stored else []
    handoffs = cases.handoffs(period, working_days, now, database_url)
    votes = cases.votes(period, database_url)
    tables = [
        _volume_table(periods, volumes),
        _answer_table(answers),
        _suggestion_table(answers),
        _handoff_table(handoffs),
        _service_table(handoffs, working_days),
        _time_table(handoffs),
        _feedback_table(votes, engine if stored else None),
        _rating_table(votes),
        _tiltak_table(demand, handoffs, _tiltak_names(database_url)),
        *_need_tables(needs.count_needs(assessed)),
    ]
    return Report(period, volumes[period].conversations, tables, now)


_past_volumes: dict[tuple[str, str], tuple[float, conversations.Volume]] = {}
_past_lock = threading.Lock()
PAST_SECONDS = 900


def _volume(engine, period: Period, now: dt.datetime) -> conversations.Volume:
    """A period that is over gets no new events: its volume is counted at most every 15
    minutes (deletions), so the 12 periods of the chart do not cost 12 counts per view."""
    if period.end_utc > now:
        return conversations.volume(engine, period)
    key = (str(engine.url), period.key)
    with _past_lock:
        found = _past_volumes.get(key)
    if found is not None and time.monotonic() - found[0] < PAST_SECONDS:
        return found[1]
    counted = conversations.volume(engine, period)
    with _past_lock:
        _past_volumes[key] = (time.monotonic(), counted)
        if len(_past_volumes) > 512:
            _past_volumes.pop(next(iter(_past_volumes)))
    return counted


def _volume_table(periods: list[Period], volumes: dict) -> Table:
    return Table(
        "samtaler",
        "Samtaler og meldinger",
        ["Periode", "Samtaler", "Meldinger fra brukere", "Svar fra assistenten"],
        [
            [p.short_label, v.conversations, v.user_messages, v.bot_messages]
            for p, v in volumes.items()
        ],
        chart_columns=(1, 2),
        note=(
            f"De siste {len(periods)} periodene. En samtale telles i hver periode den har "
            "en melding fra brukeren i."
        ),
    )


def _answer_table(answers: conversations.Answers) -> Table:
    total = answers.turns
    rows = [
        [ANSWER_LABELS[kind], count, _share(count, total)]
        for kind, count in answers.by_type.items()
    ]
    return Table(
        "svartyper",
        "Hvordan assistenten svarte",
        ["Svartype", "Meldinger", "Andel"],
        rows,
        formats={2: "percent"},
        note="Hver melding fra brukeren telles én gang, etter svaret den fikk.",
    )


def _suggestion_table(answers: conversations.Answers) -> Table:
    shown = answers.by_type.get("mente_du", 0)
    taken = answers.suggestions_taken
    return Table(
        "mente-du",
        "«Mente du …?»: forslag som ble valgt",
        ["Forslag", "Antall", "Andel"],
        [
            ["Vist", shown, _share(shown, shown)],
            ["Valgt (neste melding var et av forslagene)", taken, _share(taken, shown)],
            ["Ikke valgt", shown - taken, _share(shown - taken, shown)],
        ],
        formats={2: "percent"},
    )


def _handoff_table(handoffs: cases.Handoffs) -> Table:
    seen = {kind for counted in handoffs.by_asking_for.values() for kind in counted}
    kinds = [*ASKING_FOR_LABELS, *sorted(seen - set(ASKING_FOR_LABELS))]
    rows = []
    for queue in QUEUES:
        counted = handoffs.by_asking_for.get(queue, Counter())
        rows.append(
            [QUEUE_LABELS.get(queue, queue), handoffs.by_queue.get(queue, 0)]
            + [counted.get(kind, 0) for kind in kinds]
        )
    return Table(
        "saker",
        "Saker sendt videre, per kø og hvem det gjelder",
        ["Kø", "Saker", *(ASKING_FOR_LABELS.get(k, k) for k in kinds)],
        rows,
        chart_columns=(1,),
        note="Saker som ble opprettet i perioden.",
    )


def _service_table(handoffs: cases.Handoffs, working_days: int) -> Table:
    total = handoffs.total
    late = handoffs.answered - handoffs.answered_in_time
    waiting = total - handoffs.answered - handoffs.waiting_overdue
    counts = (
        ("Svart innen fristen", handoffs.answered_in_time),
        ("Svart etter fristen", late),
        ("Ikke svart, over fristen", handoffs.waiting_overdue),
        ("Ikke svart, fristen er ikke ute", waiting),
    )
    return Table(
        "svartid",
        f"Svar innen tjenestenivået ({working_days} virkedager)",
        ["Saker", "Antall", "Andel"],
        [[label, count, _share(count, total)] for label, count in counts],
        formats={2: "percent"},
        note=(
            "Første svar: når en koordinator tok, skrev på eller lukket saken. Fristen er "
            "slutten av den siste virkedagen (helligdager telles ikke)."
        ),
    )


def _time_table(handoffs: cases.Handoffs) -> Table:
    median = cases.Handoffs.median
    return Table(
        "tid",
        "Tid til første svar og til saken ble lukket",
        ["Tid", "Median, timer", "Saker"],
        [
            ["Til første svar", median(handoffs.hours_to_answer), handoffs.answered],
            ["Til saken ble lukket", median(handoffs.hours_to_close), handoffs.closed],
        ],
        formats={1: "decimal"},
        note="Timer fra saken ble opprettet, også utenom arbeidstid.",
    )


def _feedback_table(votes: cases.Votes, engine) -> Table:
    senders = sorted({session for session, _id, _value in votes.answers})
    types = conversations.turn_types(engine, senders) if engine is not None and senders else {}
    up: Counter = Counter()
    down: Counter = Counter()
    for session, message_id, value in votes.answers:
        turn = cases.turn_number(message_id)
        kind = types.get((session, turn), "ukjent") if turn is not None else "ukjent"
        (up if value > 0 else down)[kind] += 1
    labels = {**ANSWER_LABELS, "ukjent": "Svaret er slettet eller ukjent"}
    rows = [
        [labels[kind], up[kind], down[kind], _share(up[kind], up[kind] + down[kind])]
        for kind in labels
    ]
    return Table(
        "tommel",
        "Tommel opp og ned, per svartype",
        ["Svartype", "Tommel opp", "Tommel ned", "Andel opp"],
        rows,
        chart_columns=(1, 2),
        formats={3: "percent"},
    )


def _rating_table(votes: cases.Votes) -> Table:
    total = sum(votes.ratings.values())
    average = sum(k * n for k, n in votes.ratings.items()) / total if total else None
    return Table(
        "vurdering",
        "Vurdering av samtalen (1–5)",
        ["Vurdering", "Antall"],
        [[f"{score} av 5", votes.ratings.get(score, 0)] for score in range(1, 6)],
        note=f"Snitt: {number(average, 1)} av 5 ({total} vurderinger)." if total else "",
    )


def _tiltak_table(
    demand: conversations.Demand, handoffs: cases.Handoffs, names: dict[str, str]
) -> Table:
    by_name: dict[str, list[int]] = {}

    def add(name: str, column: int, count: int) -> None:
        by_name.setdefault(name, [0, 0, 0, 0])[column] += count

    for column, counter in enumerate((demand.asked, demand.recommended, demand.opened)):
        for tiltak_id, count in counter.items():
            add(names.get(tiltak_id, tiltak_id), column, count)
    for name, count in handoffs.tiltak.items():
        add(names.get(name, name), 3, count)
    rows = sorted(
        ([name, *counts] for name, counts in by_name.items()), key=lambda r: (-sum(r[1:]), r[0])
    )
    return Table(
        "tiltak",
        "Etterspørsel per tiltak",
        ["Tiltak", "Spurt om", "Anbefalt", "Åpnet", "Sendt videre"],
        rows,
        chart_columns=(1, 2, 3, 4),
        note=(
            "Samtaler per tiltak: spurt om ved navn, anbefalt av assistenten, åpnet med "
            "«Mer om»-knappen; saker som nevner tiltaket."
        ),
    )


def _need_tables(counts: dict[str, Counter]) -> list[Table]:
    return [
        Table(
            f"behov-{key.replace('_', '-')}",
            f"Kartleggingen: {label.lower()}",
            ["Svar", "Kartlegginger"],
            [[category, counts[key].get(category, 0)] for category in needs.ordered(key)],
            note="Svarene er gruppert; det brukeren skrev, vises aldri.",
        )
        for key, label in needs.FIELDS.items()
    ]


def fingerprint(tracker_url: str, database_url: str | None, period: Period | None = None) -> tuple:
    """The newest row of each table the figures come from: when none changed, neither did the
    figures (each is one look-up in a primary key). For a period that is over only the case log
    can still change its figures (a case of that week claimed or closed today): new events,
    cases and feedback are stored with today's time."""
    ended = period is not None and period.end_utc <= utcnow()
    newest = [] if ended else [conversations.newest_event(conversations.engine_for(tracker_url))]
    case_engine = get_engine(database_url)
    names = set(inspect(case_engine).get_table_names())
    tables = (CaseLogEntry.__table__,)
    if not ended:
        tables = (Ticket.__table__, CaseLogEntry.__table__, feedback.Feedback.__table__)
    with case_engine.connect() as connection:
        for table in tables:
            if table.name in names:
                newest.append(connection.execute(select(func.max(table.c.id))).scalar())
    return tuple(newest)


class ReportCache:
    """Reports by period, thread-safe (built in worker threads). A report is used again while
    nothing new was stored (`fingerprint`) and for at most `max_seconds` (a deletion by the
    retention job or "Slett samtalen" is not seen by the fingerprint)."""

    def __init__(self, max_seconds: float = 900, size: int = 64):
        self.max_seconds = max_seconds
        self.size = size
        self._lock = threading.Lock()
        self._reports: dict[tuple, tuple[float, tuple, Report]] = {}

    def get(self, key: tuple, stamp: tuple, make) -> Report:
        now = time.monotonic()
        with self._lock:
            found = self._reports.get(key)
            if found is not None and found[1] == stamp and now - found[0] < self.max_seconds:
                return found[2]
        report = make()
        with self._lock:
            self._reports.pop(key, None)
            self._reports[key] = (now, stamp, report)
            while len(self._reports) > self.size:
                self._reports.pop(next(iter(self._reports)))
        return report

    def clear(self) -> None:
        with self._lock:
            self._reports.clear()
