"""Real key presses on the X server (XTest), as a keyboard makes them: they reach whichever window the
server gives the keyboard to, through the toolkit's whole event path. Needs libX11 and libXtst."""

from __future__ import annotations

import ctypes
import ctypes.util
import os


class XKeyboard:
    def __init__(self) -> None:
        if not os.environ.get("DISPLAY"):
            raise OSError("no X display")
        x11 = ctypes.util.find_library("X11")
        xtst = ctypes.util.find_library("Xtst")
        if not x11 or not xtst:
            raise OSError("libX11 / libXtst not found")
        self.x11 = ctypes.cdll.LoadLibrary(x11)
        self.xtst = ctypes.cdll.LoadLibrary(xtst)
        self.x11.XOpenDisplay.restype = ctypes.c_void_p
        self.x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x11.XStringToKeysym.restype = ctypes.c_ulong
        self.x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
        self.x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        self.x11.XGetInputFocus.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_int)]
        self.x11.XFlush.argtypes = [ctypes.c_void_p]
        self.x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self.xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
        self.display = self.x11.XOpenDisplay(None)
        if not self.display:
            raise OSError("cannot open the X display")

    def focus(self) -> int:
        """The window that has the keyboard (1 = PointerRoot, 0 = none)."""
        window, revert = ctypes.c_ulong(), ctypes.c_int()
        self.x11.XGetInputFocus(self.display, ctypes.byref(window), ctypes.byref(revert))
        return int(window.value)

    def chord(self, *names: str) -> None:
        """Press the keys in order and release them in reverse ("Control_L", "q")."""
        codes = [self.x11.XKeysymToKeycode(self.display, self.x11.XStringToKeysym(n.encode())) for n in names]
        for code in codes:
            self.xtst.XTestFakeKeyEvent(self.display, code, 1, 0)
        for code in reversed(codes):
            self.xtst.XTestFakeKeyEvent(self.display, code, 0, 0)
        self.x11.XFlush(self.display)

    def close(self) -> None:
        self.x11.XCloseDisplay(self.display)
