"""The evidence manifest and registry entries: reading (parse), the data (model), the schema,
the claims a manifest makes (claims), registry entries (registry) and publiccode.yml."""
