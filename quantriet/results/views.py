"""Pages of the results app; every read goes through quantriet.orgs.access."""
