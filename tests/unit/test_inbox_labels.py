"""The inbox's label tables name exactly what is written: a label for a key nothing writes is
dead, a key written without a label shows raw in the inbox."""

from __future__ import annotations

from actions.case_details import transcript
from bot.tickets import service
from bot.tickets.models import ROLES
from bot.web.inbox import ROLE_LABELS, SPEAKER_LABELS, STATUS_LABELS
from tests.actions_fixtures import tracker


def test_the_speaker_labels_are_the_speakers_a_transcript_is_written_with():
    events = [
        {"event": "user", "text": "hei"},
        {"event": "user", "text": "/ask_tiltak"},
        {"event": "bot", "text": "Hei! Hva lurer du på?"},
    ]
    speakers = {speaker for speaker, _ in transcript(tracker(events=events))}
    assert speakers | {service.NOTE_SPEAKER} == set(SPEAKER_LABELS)


def test_the_status_and_role_labels_are_the_statuses_and_roles_there_are():
    assert set(STATUS_LABELS) == set(service.PUBLIC_STATUS)
    assert set(ROLE_LABELS) == set(ROLES)
