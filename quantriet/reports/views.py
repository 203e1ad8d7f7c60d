"""Pages of the reports app; every read goes through quantriet.orgs.access."""
