"""PySide6 user interface: the outermost layer."""
