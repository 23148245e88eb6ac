"""Setup: salespeople, code tables, campaigns, profile questionnaires, classification."""
