"""Redis lock store for several Rasa processes (deploy/endpoints-scaled.yml).

Rasa's `RedisLockStore` changes a conversation's ticket lock by reading it, changing it in
Python and writing it back. When two processes get a message of the same conversation at
the same moment, one write can undo the other: a ticket is lost, and the message holding it
waits for the lock's lifetime (60 s) or fails (Rasa issue #9213; a fix was reverted in
RasaHQ/rasa#11428). Here every change of a lock is one Redis transaction (WATCH/MULTI/EXEC,
tried again when another process changed the lock in between), so tickets are issued and
returned one at a time, in order.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore

KEEP, SAVE, DELETE = "keep", "save", "delete"


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config=None, **kwargs) -> None:
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)

    def _change(self, conversation_id: str, change: Callable[[TicketLock | None], tuple]):
        """Apply `change` to the stored lock in one transaction. `change` gets the lock (None
        when there is none) and returns (KEEP, SAVE or DELETE, the lock, a result)."""
        import redis

        key = self.key_prefix + conversation_id
        while True:
            with self.red.pipeline() as pipe:
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(raw)) if raw else None
                    action, lock, result = change(lock)
                    if action == KEEP:
                        pipe.unwatch()
                        return result
                    pipe.multi()
                    if action == SAVE:
                        pipe.set(key, lock.dumps())
                    else:
                        pipe.delete(key)
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue  # another process changed the lock meanwhile: read it again

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock):
            lock = lock or self.create_lock(conversation_id)
            return SAVE, lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, issue)
        except Exception as error:  # as Rasa's: any failure here is a LockError
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        def remove_expired(lock):
            if lock is None:
                return KEEP, None, None
            lock.remove_expired_tickets()
            return SAVE, lock, None

        self._change(conversation_id, remove_expired)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Return the ticket; delete the lock when nobody else is waiting, in the same step
        (Rasa's own does these in three, so a ticket issued in between could be deleted)."""

        def finish(lock):
            if lock is None:
                return KEEP, None, None
            lock.remove_ticket_for(ticket_number)
            return (SAVE if lock.is_someone_waiting() else DELETE), lock, None

        self._change(conversation_id, finish)
