"""Domain model: studies, display sets, viewport state, presets. Knows nothing of Qt or VTK."""
