"""Pages of the surveys app; every read goes through quantriet.orgs.access."""
