"""Presence across processes (bot/rasa/live.py): two Rasa processes' `Presence` and the web app's
`RedisLiveLink` share one throwaway Redis (scripts/redis-test-server.sh), so the web app
knows whether a widget is connected to any process, and a widget still connected to one
process counts after it left another."""

from __future__ import annotations

import asyncio

from bot.rasa.live import Presence, RedisLiveLink

SESSION = "0123456789abcdef0123456789abcdef"


class _NoSender:
    async def close(self) -> None:
        return None


def test_presence_is_shared_through_redis(redis_url):
    async def check():
        first, second = Presence(redis_url), Presence(redis_url)
        link = RedisLiveLink(_NoSender(), redis_url)
        try:
            assert not await link.present(SESSION)
            await first.joined("sid-a", SESSION)
            assert await link.present(SESSION), "connected to the first process"
            await second.joined("sid-b", SESSION)
            await first.left("sid-a")
            assert await link.present(SESSION), "still connected to the second"
            assert not await first.is_present("other-session-id-000000")
            await second.left("sid-b")
            assert not await link.present(SESSION)
            await second.left("sid-b")  # a second disconnect changes nothing
        finally:
            await link.close()
            for presence in (first, second):
                await presence.redis.close()

    asyncio.run(check())


def test_without_redis_a_presence_is_this_process_only():
    async def check():
        presence = Presence(None)
        await presence.joined("sid", SESSION)
        assert await presence.is_present(SESSION)
        await presence.joined("sid", "another-session-000000000000")  # the socket moved on
        assert not await presence.is_present(SESSION)

    asyncio.run(check())
