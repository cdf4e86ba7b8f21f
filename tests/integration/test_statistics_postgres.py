"""The statistics' SQL on PostgreSQL (the production database): the unit tests' fixed
conversations, cases and feedback in one PostgreSQL database (tracker store and cases, as with
DATABASE_URL), and the same hand-counted figures (tests/unit/test_statistics.py)."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from tests.unit import test_statistics as figures


@pytest.fixture
def stored(postgres_url):
    name = f"stats_{uuid.uuid4().hex[:10]}"
    server = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT", future=True)
    with server.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    server.dispose()
    url = make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    return figures.fill(url, url)


@pytest.mark.parametrize(
    "check",
    [
        figures.test_conversations_and_messages_per_week,
        figures.test_each_user_message_gets_one_answer_type,
        figures.test_demand_per_tiltak_counts_conversations,
        figures.test_needs_of_the_assessments_are_categories,
        figures.test_handoffs_per_queue_and_service_level,
        figures.test_thumbs_per_answer_type_and_ratings,
        figures.test_the_report_tables_hold_the_same_figures,
        figures.test_an_empty_period_has_zeros_everywhere,
        figures.test_a_report_is_reused_until_something_new_is_stored,
    ],
    ids=lambda check: check.__name__.removeprefix("test_"),
)
def test_the_figures_on_postgresql(stored, check):
    check(stored)
