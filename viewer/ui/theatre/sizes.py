"""The theatre's sizes on a real screen: the Qt side of ``workstation.theatre``'s rules (15 mm controls
from the screen's physical density, text scaled with the screen)."""

from __future__ import annotations

from viewer.workstation.theatre import control_px, text_px, text_scale


def screen_scale(screen) -> float:
    """How much larger than at 1080p the theatre's text is drawn on ``screen`` (None: 1)."""
    if screen is None:
        return 1.0
    dpr = screen.devicePixelRatio()
    return text_scale(int(screen.geometry().height() * dpr), dpr, screen.logicalDotsPerInch())


def control_size(screen) -> int:
    """Logical pixels of a 15 mm control on ``screen``."""
    return control_px(screen.physicalDotsPerInch() if screen is not None else 0.0)


def text_size(screen) -> int:
    """Logical pixels of the theatre's text on ``screen``."""
    dpr = screen.devicePixelRatio() if screen is not None else 1.0
    return max(1, int(round(text_px(screen_scale(screen)) / dpr)))
