"""The one exception root of dpgcheck; the CLI turns these into ``Error: … / Hint: …`` lines."""

from __future__ import annotations


class DpgcheckError(Exception):
    """Base of every error dpgcheck reports to a user (exit code 2 at the CLI)."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InputError(DpgcheckError):
    """The target cannot be read: missing path, not a directory, unreadable."""


class CatalogError(DpgcheckError):
    """The indicator catalog (built in or from a plugin) is malformed."""


class PluginError(DpgcheckError):
    """A plugin registered under ``dpgcheck.indicators`` failed to load."""


class ManifestError(DpgcheckError):
    """The evidence manifest (dpg.yaml / dpg.json) is malformed."""


class SourceError(DpgcheckError):
    """A remote source (git, GitHub, GitLab, registry) failed."""


class ConfigError(DpgcheckError):
    """The dpgcheck configuration is malformed."""


class UsageError(DpgcheckError):
    """Command-line options that contradict each other or name unknown things."""
