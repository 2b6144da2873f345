"""dpgcheck: check a repository against the Digital Public Goods Standard."""

__version__ = "0.1.0"
