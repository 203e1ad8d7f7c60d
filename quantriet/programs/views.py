"""Pages of the programs app; every read goes through quantriet.orgs.access."""
