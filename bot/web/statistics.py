"""The statistics pages of the inbox (issue #19): /inbox/statistikk shows a week's or a
month's figures as charts with data tables, /inbox/statistikk/<table>.csv downloads one table.

For the roles that `may(role, "statistics")` (admin, redaktør); everyone else gets the same
404 as for a case they may not see. Login, session and CSRF are `bot.web.inbox`'s guard, in
front of every /inbox URL. Only aggregates: see `bot.stats`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from aiohttp import web

from bot.settings import Settings
from bot.stats import periods
from bot.stats.charts import bar_chart
from bot.stats.report import Report, ReportCache, Table, build, fingerprint
from bot.tickets import users
from bot.tickets.csv_cells import write_csv
from bot.tickets.models import may
from bot.web import review_examples
from bot.web.inbox import PREFIX, USER_KEY, _db, _not_found, _render

logger = logging.getLogger(__name__)
PATH = f"{PREFIX}/statistikk"
TABLE_KEY = re.compile(r"^[a-z-]{1,40}\Z")
PERMISSION = "statistics"
EMPTY = "Ingen samtaler i perioden."
KIND_LABELS = {periods.WEEK: "Uke", periods.MONTH: "Måned"}


@dataclass(frozen=True)
class StatisticsConfig:
    tracker_url: str
    database_url: str | None
    working_days: int
    settings: Settings


CONFIG_KEY = web.AppKey("statistics_config", StatisticsConfig)
CACHE_KEY = web.AppKey("statistics_cache", ReportCache)


def _allowed(request: web.Request) -> users.InboxUser | None:
    user: users.InboxUser = request[USER_KEY]
    return user if may(user.role, PERMISSION) else None


async def _report(request: web.Request) -> Report:
    config = request.app[CONFIG_KEY]
    period = periods.parse(request.query.get("per"), request.query.get("periode"))
    key = (period.kind, period.key)

    def make() -> Report:
        return build(period, config.tracker_url, config.database_url, config.working_days)

    def cached() -> Report:
        stamp = fingerprint(config.tracker_url, config.database_url, period)
        return request.app[CACHE_KEY].get(key, stamp, make)

    return await _db(cached)


def _query(period: periods.Period) -> str:
    return f"per={period.kind}&periode={period.key}"


async def statistics_page(request: web.Request) -> web.Response:
    user = _allowed(request)
    if user is None:
        return _not_found(request[USER_KEY])
    report = await _report(request)
    config = request.app[CONFIG_KEY]
    retrain = await _db(review_examples.retrain_status, config.settings, config.database_url)
    period = report.period
    today = periods.period_of(period.kind, periods.today())
    return _render(
        "statistics.html",
        title=f"Statistikk – {period.label}",
        user=user,
        report=report,
        period=period,
        query=_query(period),
        previous=_query(period.previous()),
        following=_query(period.next()) if period.first < today.first else None,
        kinds=KIND_LABELS,
        charts={table.key: bar_chart(table, f"diagram-{table.key}") for table in report.tables},
        empty=EMPTY,
        retrain=retrain,
        wide=True,
    )


def _csv_value(table: Table, row: list, index: int) -> str:
    value = row[index]
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


async def statistics_csv(request: web.Request) -> web.Response:
    user = _allowed(request)
    name = request.match_info["table"]
    if user is None or not TABLE_KEY.match(name):
        return _not_found(request[USER_KEY])
    report = await _report(request)
    table = report.table(name)
    if table is None:
        return _not_found(user)
    rows = ([_csv_value(table, row, i) for i in range(len(row))] for row in table.rows)
    text = write_csv(
        ["Valgt periode", *table.columns], ([report.period.label, *row] for row in rows)
    )
    logger.info("inbox: %s downloaded the statistics %s", user.username, name)
    filename = f"edi-statistikk-{name}-{report.period.key}.csv"
    return web.Response(
        text=text,
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def setup_statistics(app: web.Application, settings: Settings) -> None:
    app[CONFIG_KEY] = StatisticsConfig(
        tracker_url=settings.tracker_url,
        database_url=settings.database_url,
        working_days=settings.answer_working_days,
        settings=settings,
    )
    app[CACHE_KEY] = ReportCache()
    app.router.add_get(PATH, statistics_page)
    app.router.add_get(f"{PATH}/{{table}}.csv", statistics_csv)
