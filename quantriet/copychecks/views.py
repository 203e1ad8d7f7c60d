"""Pages of the copychecks app; every read goes through quantriet.orgs.access."""
