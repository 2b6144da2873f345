"""``dpgcheck audit``: many targets at once, resumable, with summaries a reviewer opens first.

- ``inputs``: expand arguments (targets, lists, CSVs, registry folders) into audit items.
- ``runner``: check them concurrently and append each result to ``results.jsonl`` at once;
  ``worker`` checks one target (in a worker process), ``resume`` decides what ``--resume`` keeps.
- ``records``: the lines of ``results.jsonl`` read back typed (``Report.from_dict``).
- ``summaries`` / ``html``: ``summary.csv``, ``summary.md`` and ``report.html`` from that file,
  both over the ``summary_model`` (one ``Row`` per target).
- ``compare``: what changed since a previous audit folder.

The runner and the summaries never print; the CLI shows progress from the runner's events.
"""
