"""Pages of the ballots app; every read goes through quantriet.orgs.access."""
