"""Multiplanar reconstruction state: one volume, one shared point, three linked planes.

Planes are described in patient coordinates (LPS) by the patient directions of the screen's right
and down; the plane normal is right x down. Rotating the crosshair in one view turns the two other
planes about that view's normal, which makes them oblique while the view itself stays put.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from viewer.model.volume import Volume

# Radiological conventions: axial seen from the feet, coronal from the front, sagittal from the left.
BASE_PLANES = {
    "axial": ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0)),
    "coronal": ((1.0, 0.0, 0.0), (0.0, 0.0, -1.0)),
    "sagittal": ((0.0, 1.0, 0.0), (0.0, 0.0, -1.0)),
}
SLAB_MODES = ("mip", "minip", "avg")


def rotation_about(axis, angle_rad: float) -> np.ndarray:
    axis = np.asarray(axis, float)
    axis = axis / np.linalg.norm(axis)
    x, y, z = axis
    c, s = np.cos(angle_rad), np.sin(angle_rad)
    C = 1 - c
    return np.array(
        [
            [c + x * x * C, x * y * C - z * s, x * z * C + y * s],
            [y * x * C + z * s, c + y * y * C, y * z * C - x * s],
            [z * x * C - y * s, z * y * C + x * s, c + z * z * C],
        ]
    )


@dataclass
class Plane:
    right: np.ndarray
    down: np.ndarray

    @property
    def normal(self) -> np.ndarray:
        return np.cross(self.right, self.down)

    def rotated(self, matrix: np.ndarray) -> "Plane":
        return Plane(matrix @ self.right, matrix @ self.down)


@dataclass
class MprSession:
    volume: Volume
    center: np.ndarray = None  # type: ignore[assignment]
    planes: dict = field(default_factory=dict)
    slab_mm: float = 0.0
    slab_mode: str = "mip"
    listeners: list = field(default_factory=list)

    def __post_init__(self) -> None:
        self.reset(notify=False)

    # -------------------------------------------------------------- geometry of the volume
    def corners(self) -> np.ndarray:
        g = self.volume.geometry
        n, rows, cols = self.volume.array.shape
        D = g.matrix
        ext = np.array([(cols - 1) * g.spacing[0], (rows - 1) * g.spacing[1], (n - 1) * g.spacing[2]])
        pts = []
        for i in (0, 1):
            for j in (0, 1):
                for k in (0, 1):
                    pts.append(np.asarray(g.origin) + D @ (ext * np.array([i, j, k])))
        return np.array(pts)

    def volume_center(self) -> np.ndarray:
        return self.corners().mean(axis=0)

    def step_mm(self, plane: Plane) -> float:
        """Scroll step along a plane's normal: the voxel size seen along that direction."""
        g = self.volume.geometry
        D = g.matrix
        coeffs = np.abs(np.linalg.solve(D, plane.normal))
        sizes = [s for s, c in zip(g.spacing, coeffs) if c > 1e-6]
        return float(min(sizes)) if sizes else float(min(g.spacing))

    # -------------------------------------------------------------- changes
    def reset(self, notify: bool = True) -> None:
        self.center = self.volume_center()
        self.planes = {name: Plane(np.array(r), np.array(d)) for name, (r, d) in BASE_PLANES.items()}
        if notify:
            self.changed()

    def scroll(self, view: str, steps: float) -> None:
        plane = self.planes[view]
        self.center = self.center + plane.normal * steps * self.step_mm(plane)
        self._clamp()
        self.changed()

    def move_to(self, view: str, right_mm: float, down_mm: float) -> None:
        """Put the shared point at in-plane offsets (mm) from the volume centre, as shown in ``view``."""
        plane = self.planes[view]
        vc = self.volume_center()
        along = float(np.dot(self.center - vc, plane.normal))
        self.center = vc + plane.right * right_mm + plane.down * down_mm + plane.normal * along
        self._clamp()
        self.changed()

    def rotate(self, view: str, angle_rad: float) -> None:
        axis = self.planes[view].normal
        matrix = rotation_about(axis, angle_rad)
        for name in self.planes:
            if name != view:
                self.planes[name] = self.planes[name].rotated(matrix)
        self.changed()

    def set_slab(self, mm: float, mode: str | None = None) -> None:
        self.slab_mm = max(0.0, float(mm))
        if mode:
            if mode not in SLAB_MODES:
                raise ValueError(f"slab mode must be one of {', '.join(SLAB_MODES)}")
            self.slab_mode = mode
        self.changed()

    def in_plane(self, view: str, point=None) -> tuple[float, float]:
        """Offsets (right, down) in mm of ``point`` (default: the shared point) from the volume centre."""
        plane = self.planes[view]
        d = (self.center if point is None else np.asarray(point)) - self.volume_center()
        return float(np.dot(d, plane.right)), float(np.dot(d, plane.down))

    def _clamp(self) -> None:
        lo, hi = self.corners().min(axis=0), self.corners().max(axis=0)
        self.center = np.clip(self.center, lo, hi)

    def changed(self) -> None:
        for listener in list(self.listeners):
            listener()

    def subscribe(self, listener: Callable[[], None]) -> None:
        self.listeners.append(listener)

    def unsubscribe(self, listener: Callable[[], None]) -> None:
        if listener in self.listeners:
            self.listeners.remove(listener)
