"""Run a check against the real web app (aiohttp test server on loopback)."""

from __future__ import annotations

import asyncio

from aiohttp.test_utils import TestClient, TestServer

from bot.settings import Settings
from bot.web.app import create_app


def run_app(settings: Settings, check) -> None:
    """Start the web app of `settings`, await `check(client)`, stop it again."""

    async def main():
        client = TestClient(TestServer(create_app(settings), host="127.0.0.1"))
        await client.start_server()
        try:
            await check(client)
        finally:
            await client.close()

    asyncio.run(main())
