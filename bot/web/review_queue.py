"""The review queue under /inbox/vurdering (issue #19) for `redaktør` and admins: what the
assistant could not answer, masked, grouped by similar wording, with counts; one group at a
time resolved by linking it to a tiltak (an alias, live at once), adding it as a training
example of an intent (for the next training) or dismissing it. The data and the rules are in
`bot.web.unanswered`; login, CSRF and the session rules are the inbox guard's."""

from __future__ import annotations

import logging

from aiohttp import web

from bot.guidance.texts import intent_label
from bot.tickets import users
from bot.web import review_examples, unanswered
from bot.web.app import SETTINGS_KEY
from bot.web.inbox import INBOX_KEY, PREFIX, _db, _form, _redirect, _render, user_who_may
from knowledge import editing

logger = logging.getLogger(__name__)
QUEUE = f"{PREFIX}/vurdering"
KEY = r"[0-9a-f]{64}"
DONE = {
    "tiltak": "Koblet til tiltaket. Assistenten kjenner igjen ordene i løpet av noen sekunder.",
    "intent": "Lagt til som treningseksempel. Det brukes neste gang modellen trenes.",
    "dismiss": "Avvist.",
}


def _editor(request: web.Request) -> users.InboxUser:
    return user_who_may(request, "content")


def _groups(request: web.Request) -> list[unanswered.Group]:
    settings = request.app[SETTINGS_KEY]
    return unanswered.open_groups(settings.tracker_url, request.app[INBOX_KEY].url)


def _intent_choices() -> list[tuple[str, str]]:
    return [
        (intent, f"{label} ({intent})" if (label := intent_label(intent)) else intent)
        for intent in review_examples.allowed_intents()
    ]


async def queue_page(request: web.Request) -> web.Response:
    user = _editor(request)
    url = request.app[INBOX_KEY].url
    groups = await _db(_groups, request)
    counts = await _db(unanswered.resolved_counts, url)
    retrain = await _db(review_examples.retrain_status, request.app[SETTINGS_KEY], url)
    return _render(
        "review.html",
        title="Vurderingskø",
        user=user,
        groups=groups,
        messages=sum(g.count for g in groups),
        counts=counts,
        actions=unanswered.ACTIONS,
        retrain=retrain,
        done=DONE.get(request.query.get("ok", "")),
    )


async def _group_page(
    request: web.Request, error: str = "", status: int = 200, form=None
) -> web.Response:
    user = _editor(request)
    key = request.match_info["key"]
    groups = await _db(_groups, request)
    chosen = next((g for g in groups if g.key == key), None)
    if chosen is None:
        raise web.HTTPNotFound()
    entries = await _db(editing.stored_entries, request.app[INBOX_KEY].url)
    return _render(
        "review_group.html",
        http_status=status,
        title="Vurder en melding",
        user=user,
        group=chosen,
        entries=sorted(entries, key=lambda e: e["name"].casefold()),
        intents=_intent_choices(),
        error=error,
        form=form or {},
    )


async def group_page(request: web.Request) -> web.Response:
    return await _group_page(request)


async def _resolve(request: web.Request, action: str) -> web.Response:
    user = _editor(request)
    url = request.app[INBOX_KEY].url
    key = request.match_info["key"]
    form = await _form(request)
    groups = await _db(_groups, request)
    chosen = next((g for g in groups if g.key == key), None)
    if chosen is None:
        raise web.HTTPNotFound()
    target = ""
    if action == "tiltak":
        target = str(form.get("tiltak") or "")
        phrase = str(form.get("phrase") or "")
        try:
            result = await _db(
                editing.add_alias, target, phrase, user.username, url, editing.content_dir()
            )
        except editing.EntryNotFound:
            return await _group_page(request, "Velg et tiltak fra listen.", 400, form)
        if result.errors:
            message = " ".join(str(e) for e in result.errors)
            return await _group_page(request, message, 400, form)
    elif action == "intent":
        target = str(form.get("intent") or "")
        try:
            await _db(
                review_examples.add_example, target, str(form.get("text") or ""), user.username, url
            )
        except review_examples.ExampleRefused as error:
            return await _group_page(request, str(error), 400, form)
    count = await _db(unanswered.resolve, chosen, action, target, user.username, url)
    logger.info("review: %s resolved %d messages (%s %s)", user.username, count, action, target)
    return _redirect(f"{QUEUE}?ok={action}")


async def link_tiltak(request: web.Request) -> web.Response:
    return await _resolve(request, "tiltak")


async def add_intent(request: web.Request) -> web.Response:
    return await _resolve(request, "intent")


async def dismiss(request: web.Request) -> web.Response:
    return await _resolve(request, "dismiss")


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_get(QUEUE, queue_page)
    router.add_get(f"{QUEUE}/{{key:{KEY}}}", group_page)
    router.add_post(f"{QUEUE}/{{key:{KEY}}}/tiltak", link_tiltak)
    router.add_post(f"{QUEUE}/{{key:{KEY}}}/hensikt", add_intent)
    router.add_post(f"{QUEUE}/{{key:{KEY}}}/avvis", dismiss)
