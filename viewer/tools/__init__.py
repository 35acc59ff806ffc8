"""Interaction without a toolkit: plain input events (``events``), the key and mouse map as data
(``keymap``), the navigation tools (``navigation``) and measuring tools (``measuring``) that turn events into
new view states and measurement edits, and the help written from the map (``help``). No Qt, no VTK."""
