"""The DPGA application draft: every question of the form answered from what dpgcheck found.

``run.run_application`` opens and checks a target; ``draft.draft_application`` turns the facts
into an ``Application`` (pure); ``entry`` gives it the registry's entry shape; ``claims``
compares what two manifests claim (a draft read back against its source).
"""
