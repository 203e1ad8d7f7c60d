"""Pages of the inspections app; every read goes through quantriet.orgs.access."""
