"""The case: what the handoff hands over to a coordinator, as one typed contract.

The handoff action only fills a `Case`. The store saves it (`Ticket.consented_contact` holds
`Case.contact`, `Ticket.summary` the rest, see `to_summary`), and the inbox page, the CSV export,
the notification e-mail and the "Stemmer dette?" summary shown to the person render it with the
Norwegian labels below, defined here and nowhere else.

Masking: `Case.masked()` gives the copy that may be stored: every free-text answer masked
(fødselsnummer, D-nummer, account, phone and e-mail replaced by a label); only the consented
`contact_info` keeps its phone number or e-mail address, and nothing else of that answer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from bot.guidance.contact import find_contact
from bot.guidance.personal_data import mask_personal_data

NOT_GIVEN = ("", "ikke oppgitt", "hoppet over")
QUEUE_LABELS = {"ungdom": "Ungdom", "arbeidsgiver": "Arbeidsgiver"}
# Who handles a queue (the e-mail and the person's confirmation name them).
QUEUE_ROLES = {"ungdom": "veileder", "arbeidsgiver": "bedriftskoordinator"}
# Someone asking for another person: as whom, and how the inbox says it.
ASKING_FOR = {
    "forelder": "sitt barn (forelder)",
    "lærer": "en elev (lærer)",
    "venn": "en venn",
    "annen": "en annen person",
}
# The same, as the person reads it in "Stemmer dette?".
ASKING_FOR_PERSON = {
    "forelder": "barnet ditt",
    "lærer": "en elev",
    "venn": "en venn",
    "annen": "en annen person",
}

# -- the one table of Norwegian labels ------------------------------------------------------
CONTACT_LABELS = {
    "company_name": "Bedrift",
    "org_number": "Org.nr.",
    "contact_name": "Kontaktperson",
    "first_name": "Fornavn",
    "contact_info": "Kontakt",
}
CASE_LABELS = {
    "audience": "Målgruppe",
    "asking_for": "Spør på vegne av",
    "need": "Behov",
    "contact_time": "Når det passer",
    "contact_way": "Kontaktmåte",
    "answer_by": "Svarfrist",
}
PERSON_ASKING_FOR_LABEL = "Du spør for"
# What the person reads in "Is this correct?" when the conversation is in English.
PERSON_LABELS_EN = {
    "company_name": "Company",
    "org_number": "Org. no.",
    "contact_name": "Contact person",
    "first_name": "First name",
    "contact_info": "Contact",
    "need": "Need",
    "contact_time": "Best time",
    "contact_way": "Contact method",
    "asking_for": "You are asking for",
}
ASKING_FOR_PERSON_EN = {
    "forelder": "your child",
    "lærer": "a pupil",
    "venn": "a friend",
    "annen": "another person",
}
ASSESSMENT_LABELS = {
    "age": "Alder",
    "situation": "Gjør nå",
    "barrier": "Står i veien",
    "goal": "Vil helst",
    "employer_need": "Bedriften trenger",
    "company_size": "Antall ansatte",
    "sector": "Bransje",
}
TILTAK_LABELS = {
    "tiltak_recommended": "Anbefalt av assistenten",
    "tiltak_opened": "Personen leste om",
}
LABELS = {**CONTACT_LABELS, **CASE_LABELS, **ASSESSMENT_LABELS, **TILTAK_LABELS}
OTHER_LABEL = "Annet"
SECTION_TITLES = {
    "case": "Saken",
    "assessment": "Kartleggingen",
    "tiltak": "Tiltak",
    "contact": "Kontaktopplysninger",
}
# Keys older tickets were stored with.
LEGACY_KEYS = {"behov": "need", "når": "contact_time", "kontaktmåte": "contact_way"}
MAX_TEXT = 300
MAX_TILTAK = 10


def given(value) -> bool:
    return isinstance(value, str) and value.strip().lower() not in NOT_GIVEN


def _masked(text: str) -> str:
    return mask_personal_data(text)[0][:MAX_TEXT]


def _contact_only(text: str) -> str:
    """Of the consented contact answer, only the phone number or e-mail address."""
    return find_contact(text) or ""


@dataclass(frozen=True)
class Contact:
    """What the person consented to give (the employer's or the young person's fields)."""

    company_name: str = ""
    org_number: str = ""
    contact_name: str = ""
    first_name: str = ""
    contact_info: str = ""

    def as_dict(self) -> dict[str, str]:
        return {key: value for key, value in dataclasses.asdict(self).items() if given(value)}


@dataclass(frozen=True)
class Assessment:
    """The needs assessment's answers (youth: age … goal; employer: need, size, sector)."""

    age: str = ""
    situation: str = ""
    barrier: str = ""
    goal: str = ""
    employer_need: str = ""
    company_size: str = ""
    sector: str = ""

    def as_dict(self) -> dict[str, str]:
        return {key: value for key, value in dataclasses.asdict(self).items() if given(value)}

    @classmethod
    def from_dict(cls, data) -> Assessment:
        data = data if isinstance(data, dict) else {}
        values = {key: str(data[key]) for key in ASSESSMENT_LABELS if data.get(key) is not None}
        return cls(**{key: value for key, value in values.items() if given(value)})


@dataclass(frozen=True)
class Case:
    audience: str  # the queue: "ungdom" or "arbeidsgiver"
    contact: Contact = field(default_factory=Contact)
    need: str = ""  # in the person's own words
    contact_time: str = ""
    contact_way: str = ""
    asking_for: str = ""  # "" for themselves, else a key of ASKING_FOR
    assessment: Assessment = field(default_factory=Assessment)
    tiltak_recommended: tuple[str, ...] = ()
    tiltak_opened: tuple[str, ...] = ()
    answer_by: dt.date | None = None  # the service level promised to the person
    other: dict = field(default_factory=dict)  # keys of older tickets this contract lacks

    @property
    def for_someone_else(self) -> bool:
        return self.asking_for in ASKING_FOR

    @property
    def tiltak(self) -> tuple[str, ...]:
        """Every tiltak of the case, recommended or read about, once each."""
        return tuple(dict.fromkeys((*self.tiltak_recommended, *self.tiltak_opened)))

    def masked(self) -> Case:
        """The copy that may be stored (see the module docstring)."""
        contact = Contact(
            **{
                key: (_contact_only(value) if key == "contact_info" else _masked(value))
                for key, value in dataclasses.asdict(self.contact).items()
            }
        )
        assessment = Assessment(
            **{key: _masked(value) for key, value in dataclasses.asdict(self.assessment).items()}
        )
        return dataclasses.replace(
            self,
            contact=contact,
            need=_masked(self.need),
            contact_time=_masked(self.contact_time),
            contact_way=_masked(self.contact_way),
            asking_for=self.asking_for if self.for_someone_else else "",
            assessment=assessment,
            tiltak_recommended=tuple(_masked(t) for t in self.tiltak_recommended[:MAX_TILTAK]),
            tiltak_opened=tuple(_masked(t) for t in self.tiltak_opened[:MAX_TILTAK]),
            other={},
        )

    # -- storage ----------------------------------------------------------------------------
    def to_summary(self) -> dict:
        """`Ticket.summary`: everything but the contact details."""
        summary: dict = {"audience": self.audience}
        for key in ("asking_for", "need", "contact_time", "contact_way"):
            if given(getattr(self, key)):
                summary[key] = getattr(self, key)
        if self.answer_by:
            summary["answer_by"] = self.answer_by.isoformat()
        if self.assessment.as_dict():
            summary["assessment"] = self.assessment.as_dict()
        summary["tiltak_recommended"] = list(self.tiltak_recommended)
        summary["tiltak_opened"] = list(self.tiltak_opened)
        summary["tiltak"] = list(self.tiltak)  # the CSV export's column
        return summary

    @classmethod
    def from_ticket(cls, consented_contact, summary) -> Case:
        """Read a stored ticket back (tickets from before this contract included)."""
        summary = dict(summary or {})
        for old, new in LEGACY_KEYS.items():
            if old in summary:
                summary.setdefault(new, summary.pop(old))
        contact_data = consented_contact if isinstance(consented_contact, dict) else {}
        contact = Contact(**{k: str(v) for k, v in contact_data.items() if k in CONTACT_LABELS})
        other = {f"contact.{k}": v for k, v in contact_data.items() if k not in CONTACT_LABELS}
        known = {*CASE_LABELS, "assessment", "tiltak", *TILTAK_LABELS}
        other.update({k: v for k, v in summary.items() if k not in known})
        recommended = _strings(summary.get("tiltak_recommended"))
        opened = _strings(summary.get("tiltak_opened"))
        if not recommended and not opened:
            opened = _strings(summary.get("tiltak"))  # older tickets: the tiltak discussed
        return cls(
            audience=str(summary.get("audience") or ""),
            contact=contact,
            need=_string(summary.get("need")),
            contact_time=_string(summary.get("contact_time")),
            contact_way=_string(summary.get("contact_way")),
            asking_for=_string(summary.get("asking_for")),
            assessment=Assessment.from_dict(summary.get("assessment")),
            tiltak_recommended=recommended,
            tiltak_opened=opened,
            answer_by=_date(summary.get("answer_by")),
            other=other,
        )

    # -- what people read -------------------------------------------------------------------
    def one_line(self, limit: int = 90) -> str:
        """The need in one line for the inbox list (the assessment's answer if none was typed)."""
        text = next(
            (
                value
                for value in (self.need, self.assessment.employer_need, self.assessment.goal)
                if given(value)
            ),
            "",
        )
        text = " ".join(text.split())
        return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

    def person_lines(self, language: str = "nb") -> list[str]:
        """The "Stemmer dette?" lines shown to the person before the case is sent (in English
        when the conversation is; the coordinators' labels stay Norwegian)."""
        english = language == "en"
        labels = PERSON_LABELS_EN if english else LABELS
        keys = (
            ["company_name", "org_number", "contact_name", "contact_info"]
            if self.audience == "arbeidsgiver"
            else ["first_name", "contact_info"]
        )
        lines = [
            f"{labels[key]}: {getattr(self.contact, key)}"
            for key in keys
            if given(getattr(self.contact, key))
        ]
        if self.for_someone_else:
            label = labels["asking_for"] if english else PERSON_ASKING_FOR_LABEL
            who = (ASKING_FOR_PERSON_EN if english else ASKING_FOR_PERSON)[self.asking_for]
            lines.append(f"{label}: {who}")
        for key in ("need", "contact_time", "contact_way"):
            if given(getattr(self, key)):
                lines.append(f"{labels[key]}: {getattr(self, key)}")
        return lines

    def sections(self) -> list[tuple[str, list[tuple[str, str | list[str]]]]]:
        """(title, [(label, value)]) for the case page; empty fields left out."""
        case_rows: list[tuple[str, str | list[str]]] = []
        if self.audience:
            case_rows.append((LABELS["audience"], QUEUE_LABELS.get(self.audience, self.audience)))
        if self.for_someone_else:
            case_rows.append((LABELS["asking_for"], ASKING_FOR[self.asking_for]))
        for key in ("need", "contact_time", "contact_way"):
            if given(getattr(self, key)):
                case_rows.append((LABELS[key], getattr(self, key)))
        assessment = [(ASSESSMENT_LABELS[k], v) for k, v in self.assessment.as_dict().items()]
        tiltak: list[tuple[str, str | list[str]]] = [
            (TILTAK_LABELS[key], list(getattr(self, key)))
            for key in TILTAK_LABELS
            if getattr(self, key)
        ]
        contact = [(CONTACT_LABELS[k], v) for k, v in self.contact.as_dict().items()]
        contact += [
            (OTHER_LABEL, _plain(v)) for k, v in self.other.items() if k.startswith("contact.")
        ]
        other = [
            (OTHER_LABEL, _plain(v)) for k, v in self.other.items() if not k.startswith("contact.")
        ]
        return [
            (SECTION_TITLES["case"], case_rows + other),
            (SECTION_TITLES["assessment"], assessment),
            (SECTION_TITLES["tiltak"], tiltak),
            (SECTION_TITLES["contact"], contact),
        ]


def _string(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _strings(value) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(str(item) for item in value if item not in (None, ""))


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _plain(value) -> str | list[str]:
    """An older ticket's value of a key this contract does not know, as text."""
    if isinstance(value, dict):
        return [f"{k}: {v}" for k, v in value.items() if v not in (None, "")]
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return str(value)
