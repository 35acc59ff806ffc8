"""Qt's input events as the tools' plain events (``viewer.tools.events``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from viewer.tools.events import Key, Pointer, Wheel

BUTTONS = {Qt.MouseButton.LeftButton: "left", Qt.MouseButton.RightButton: "right", Qt.MouseButton.MiddleButton: "middle"}
MODIFIERS = {Qt.KeyboardModifier.ControlModifier: "ctrl", Qt.KeyboardModifier.AltModifier: "alt",
             Qt.KeyboardModifier.ShiftModifier: "shift", Qt.KeyboardModifier.MetaModifier: "meta"}


def modifiers(qt_modifiers) -> frozenset:
    return frozenset(name for flag, name in MODIFIERS.items() if qt_modifiers & flag)


def pointer(event) -> Pointer:
    pos = event.position()
    held = event.buttons()
    return Pointer(pos.x(), pos.y(), BUTTONS.get(event.button(), ""),
                   frozenset(name for flag, name in BUTTONS.items() if held & flag), modifiers(event.modifiers()))


def wheel(event) -> Wheel:
    return Wheel(event.angleDelta().y() / 120.0, modifiers(event.modifiers()))


def key(event) -> Key:
    """The key without its modifiers, named as Qt's key sequences name it ("Up", "PgUp", "I")."""
    name = QKeySequence(event.key()).toString(QKeySequence.SequenceFormat.PortableText)
    return Key(name, modifiers(event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier))
