"""Hanging protocols (issue 14): how a study is laid out the moment it opens, as data.

- ``protocol``: the JSON form (match rules, stages, monitors, viewports, link groups), read and checked;
- ``matching``: which protocol fits a study best, and what each viewport of a stage shows;
- ``library``: where protocols come from (Cauri's own, the reader's, plugins') and saving the reader's.

No Qt: the window, ``cauri protocols`` and the bench use the same decisions. The format is described in
docs/hanging_protocols.md.
"""
