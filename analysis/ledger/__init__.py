"""The claims ledger: each published figure, its reproduction and a verdict by rule; the report built on it."""
