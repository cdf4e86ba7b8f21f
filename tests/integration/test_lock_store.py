"""The Redis lock store shared by several Rasa processes (two stores here, on a real Redis
server on loopback): tickets are never lost or given twice, and one conversation's messages
are handled one at a time, in the order their tickets were issued."""

import asyncio
import threading
from urllib.parse import urlsplit

import pytest

from bot.rasa.lock_store import AtomicRedisLockStore


@pytest.fixture()
def stores(redis_url):
    address = urlsplit(redis_url)
    made = [
        AtomicRedisLockStore(host=address.hostname, port=address.port, db=0, key_prefix="test")
        for _ in range(2)
    ]
    made[0].red.flushdb()
    return made


def test_tickets_issued_at_once_by_two_processes_are_all_kept(stores):
    issued: list[int] = []

    def issue(store, count):
        for _ in range(count):
            issued.append(store.issue_ticket("c1", 60))

    threads = [threading.Thread(target=issue, args=(store, 40)) for store in stores * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(issued) == list(range(160))
    lock = stores[0].get_lock("c1")
    assert sorted(ticket.number for ticket in lock.tickets) == list(range(160))


def test_returning_tickets_keeps_the_others_and_deletes_the_empty_lock(stores):
    first = stores[0].issue_ticket("c2", 60)
    second = stores[1].issue_ticket("c2", 60)
    stores[0].cleanup("c2", first)
    assert [t.number for t in stores[1].get_lock("c2").tickets] == [second]
    stores[1].update_lock("c2")
    assert [t.number for t in stores[1].get_lock("c2").tickets] == [second]
    stores[1].cleanup("c2", second)
    assert stores[0].get_lock("c2") is None


def test_one_conversation_is_served_one_message_at_a_time_in_order(stores):
    order: list[str] = []

    async def handle(store, name, delay):
        await asyncio.sleep(delay)
        async with store.lock("c3", wait_time_in_seconds=0.01):
            order.append(f"start {name}")
            await asyncio.sleep(0.02)
            order.append(f"end {name}")

    async def main():
        await asyncio.gather(*(handle(stores[n % 2], str(n), n * 0.005) for n in range(6)))

    asyncio.run(main())
    assert order == [f"{step} {n}" for n in range(6) for step in ("start", "end")]
    assert stores[0].get_lock("c3") is None
