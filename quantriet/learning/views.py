"""Pages of the learning app; every read goes through quantriet.orgs.access."""
