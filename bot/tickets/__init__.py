"""Handoff tickets: created from the chat, worked by coordinators in the inbox."""
