"""Operations: health and readiness, metrics, backup and restore, the nginx entry point."""
