"""The web app: chat page and its assets (later: widget, privacy page, coordinator inbox)."""
