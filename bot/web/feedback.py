"""Feedback from the chat widget: thumbs up/down on an answer, and a 1–5 rating of a whole
conversation. Same database as the knowledge base and tickets (DATABASE_URL).

No personal data and no text: a row holds the conversation's random session id (so that
"Slett samtalen" can delete it too), which answer it is about, the value and the day.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Date, Integer, String, UniqueConstraint, delete, select
from sqlalchemy.exc import IntegrityError

from bot.database import init_db
from knowledge.database import Base, checkpoint_wal, get_engine, session_scope

ANSWER = "answer"  # value 1 (thumbs up) or -1 (thumbs down)
RATING = "rating"  # value 1..5, the conversation as a whole
RATING_MESSAGE_ID = "-"  # the rating is about no single answer
VOTES = {"up": 1, "down": -1}


class Feedback(Base):
    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("session_id", "kind", "message_id"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    session_id = Column(String(64), nullable=False, index=True)
    kind = Column(String(10), nullable=False)
    message_id = Column(String(64), nullable=False)
    value = Column(Integer, nullable=False)
    created_on = Column(Date, nullable=False, default=dt.date.today)


def _save(session_id: str, kind: str, message_id: str, value: int, url: str | None) -> None:
    """Insert, or change the earlier value: one row per answer and one rating per session."""
    init_db(url)
    for attempt in range(2):
        try:
            with session_scope(url) as session:
                row = session.execute(
                    select(Feedback).where(
                        Feedback.session_id == session_id,
                        Feedback.kind == kind,
                        Feedback.message_id == message_id,
                    )
                ).scalar_one_or_none()
                if row is None:
                    session.add(
                        Feedback(
                            session_id=session_id, kind=kind, message_id=message_id, value=value
                        )
                    )
                else:
                    row.value = value
            return
        except IntegrityError:
            if attempt:  # two clicks raced twice: give up, the earlier value stands
                raise


def save_vote(session_id: str, message_id: str, vote: str, url: str | None = None) -> None:
    _save(session_id, ANSWER, message_id, VOTES[vote], url)


def save_rating(session_id: str, rating: int, url: str | None = None) -> None:
    if not 1 <= rating <= 5:
        raise ValueError("rating must be 1..5")
    _save(session_id, RATING, RATING_MESSAGE_ID, rating, url)


def delete_session(session_id: str, url: str | None = None) -> int:
    """Delete all feedback of one conversation; returns how many rows."""
    init_db(url)
    with session_scope(url) as session:
        count = session.execute(delete(Feedback).where(Feedback.session_id == session_id)).rowcount
    if count:
        checkpoint_wal(get_engine(url))
    return count


def list_feedback(session_id: str, url: str | None = None) -> list[Feedback]:
    init_db(url)
    with session_scope(url) as session:
        return list(
            session.execute(
                select(Feedback).where(Feedback.session_id == session_id).order_by(Feedback.id)
            ).scalars()
        )
