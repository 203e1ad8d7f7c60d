"""Pages of the notices app; every read goes through quantriet.orgs.access."""
