"""Licenses: files and texts (files, text, names, spdx), declarations in package manifests and
READMEs (declared, mentions), findings and their agreement, and detection over a snapshot (detect)."""
