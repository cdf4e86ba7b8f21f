"""Statistics for the inbox (issue #19): aggregated figures only, by week or month, read from
the stored conversations, the cases and the feedback. No message text, contact data or
conversation id ever leaves this package."""
