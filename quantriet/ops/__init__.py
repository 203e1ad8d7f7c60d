"""Operations: backups and restores of a whole installation (database and uploads)."""
