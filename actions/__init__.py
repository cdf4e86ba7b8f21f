"""Rasa custom actions. Thin adapters: they read the tracker, call `knowledge`/`bot`, and
answer with named responses from domain/."""
