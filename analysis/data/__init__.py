"""The data layer: registry (``data/sources.yml``) -> fetch (checksum, cache) -> loaders (parse once,
validate) -> geography (lookups across vintages, reconciliation reports)."""
