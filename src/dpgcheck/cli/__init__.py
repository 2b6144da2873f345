"""The command line: parse options, call the library (``dpgcheck.api``), render, choose the exit code.

This package is the only place that prints or exits: one module per command, the typer
application in ``app``, what they share (options, error handling, output) in ``common``.
Errors the user can fix arrive as DpgcheckError and leave as ``Error: … / Hint: …`` on
stderr with exit code 2; a traceback appears only with ``--debug``.
"""

from dpgcheck.cli.app import app, main

__all__ = ["app", "main"]
