"""Usage counters: how many visits, how far they get, how many ask for a consultation."""
