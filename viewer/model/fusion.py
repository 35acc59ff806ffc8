"""A scalar layer laid over the anatomy: PET/SPECT/a second MR fused over CT/MR, or an RT Dose colourwash.

The layer keeps its own grid (``dicom.scalar_volume.ScalarGrid``) and is resampled (SimpleITK, linear) onto
whatever the anatomy view shows: the pixels of a stack's slice or of an MPR plane, so the fused layer follows
every plane the anatomy is cut along. Where the Frames of Reference differ, a rigid registration
(``model.registration``) maps the anatomy's patient space into the layer's first (``to_layer``).

Its look (colour map, window in the layer's own unit, opacity, isodose levels) is plain data here; the
colours themselves are ``presentation.wash_layers``'.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from viewer.dicom.scalar_volume import ScalarGrid

try:
    import SimpleITK as sitk

    from viewer.model.registration import register_rigid
except ImportError:  # the portable build leaves SimpleITK out: no fusion there, said when asked for
    sitk = None

COLOUR_MAPS = ("hot_iron", "pet", "rainbow", "grey")
ISODOSE_PERCENTS = (95.0, 80.0, 50.0, 20.0)
SUV_WINDOW = (0.0, 5.0)  # the usual PET/CT reading range (PERCIST reads liver ~2, tumours above)


@dataclass(frozen=True)
class WashLook:
    """How the layer is shown: ``low``..``high`` in its unit maps onto the colour map; values at or below
    ``low`` are left clear (the anatomy shows through), ``opacity`` 0..1 over the rest."""

    colour_map: str = "hot_iron"
    low: float = 0.0
    high: float = 5.0
    opacity: float = 0.5
    isodoses: tuple[float, ...] = ()  # absolute levels (the layer's unit) drawn as lines
    colourwash: bool = True  # False: isodose lines only

    def windowed(self, low: float, high: float) -> WashLook:
        return replace(self, low=float(low), high=float(max(high, low + 1e-6)))


@dataclass(frozen=True)
class FusionLayer:
    grid: ScalarGrid
    look: WashLook
    kind: str  # "fusion" (PET, SPECT, MR over anatomy) or "dose"
    name: str = ""  # the series' description, for the panel
    to_layer: tuple[float, ...] | None = None  # 4x4 row-major: anatomy patient point -> layer patient point
    reference_gy: float = 0.0  # dose: 100 % of the isodose levels (prescription, else the maximum)

    @property
    def unit(self) -> str:
        return self.grid.unit

    def with_look(self, look: WashLook) -> FusionLayer:
        return replace(self, look=look)


def default_look(grid: ScalarGrid, kind: str) -> WashLook:
    values = grid.values[np.isfinite(grid.values)]
    top = float(values.max()) if values.size else 1.0
    if kind == "dose":
        return WashLook("rainbow", 0.1 * top, top, 0.4, isodose_levels(top))
    if grid.unit == "SUVbw":
        return WashLook("hot_iron", *SUV_WINDOW, 0.5)
    high = float(np.percentile(values, 99.5)) if values.size else 1.0
    return WashLook("hot_iron" if grid.modality in ("PT", "NM") else "grey", 0.0, high or 1.0, 0.5)


def isodose_levels(reference_gy: float, percents=ISODOSE_PERCENTS) -> tuple[float, ...]:
    return tuple(reference_gy * p / 100.0 for p in percents)


def make_layer(grid: ScalarGrid, name: str = "", to_layer=None, prescription_gy: float | None = None) -> FusionLayer:
    kind = "dose" if grid.modality == "RTDOSE" else "fusion"
    layer = FusionLayer(grid, default_look(grid, kind), kind, name, to_layer)
    if kind == "dose":
        reference = prescription_gy or float(np.nanmax(grid.values)) if grid.values.size else 0.0
        layer = replace(layer, reference_gy=reference,
                        look=replace(layer.look, isodoses=isodose_levels(reference)))
    return layer


def sitk_of(grid: ScalarGrid) -> sitk.Image:
    image = sitk.GetImageFromArray(grid.values.astype(np.float32, copy=False))
    image.SetOrigin(tuple(float(v) for v in grid.origin))
    image.SetSpacing(tuple(float(v) for v in grid.spacing))
    image.SetDirection(tuple(float(v) for v in grid.matrix.ravel()))
    return image


_IMAGES: dict = {}  # id(values) -> (values, its SimpleITK image): built once per layer


def _image(grid: ScalarGrid):
    hit = _IMAGES.get(id(grid.values))
    if hit is None or hit[0] is not grid.values:  # the array itself is kept: an id is reused once freed
        if len(_IMAGES) > 8:
            _IMAGES.clear()
        hit = _IMAGES[id(grid.values)] = (grid.values, sitk_of(grid))
    return hit[1]


def sample_plane(layer: FusionLayer, first, right, down, shape: tuple[int, int],
                 spacing: tuple[float, float]) -> np.ndarray:
    """The layer's values (float32, NaN outside its grid) on the plane whose pixel (0, 0) lies at patient
    point ``first``, pixels stepping ``spacing`` = (along ``right``, along ``down``) mm, ``shape`` (rows,
    columns): the anatomy view's own pixel grid."""
    rows, cols = int(shape[0]), int(shape[1])
    key = (id(layer.grid.values), layer.to_layer, _rounded(first), _rounded(right), _rounded(down), rows, cols,
           _rounded(spacing))
    hit = _PLANES.get(key)
    if hit is not None and hit[0] is layer.grid.values:
        return hit[1]  # the same plane again (a window drag, a new opacity): not resampled
    right, down = np.asarray(right, float), np.asarray(down, float)
    normal = np.cross(right, down)
    reference = sitk.Image(cols, rows, 1, sitk.sitkFloat32)
    reference.SetOrigin(tuple(float(v) for v in first))
    reference.SetSpacing((float(spacing[0]), float(spacing[1]), 1.0))
    reference.SetDirection(tuple(np.column_stack([right, down, normal]).ravel()))
    transform = sitk.Transform()  # identity: the anatomy's patient space is the layer's
    if layer.to_layer is not None:
        m = np.asarray(layer.to_layer, float).reshape(4, 4)
        affine = sitk.AffineTransform(3)
        affine.SetMatrix(tuple(m[:3, :3].ravel()))
        affine.SetTranslation(tuple(m[:3, 3]))
        transform = affine
    out = sitk.Resample(_image(layer.grid), reference, transform, sitk.sitkLinear, float("nan"), sitk.sitkFloat32)
    values = sitk.GetArrayFromImage(out)[0]
    values.setflags(write=False)  # shared by every view that shows this plane
    if len(_PLANES) >= PLANES_KEPT:
        _PLANES.pop(next(iter(_PLANES)))
    _PLANES[key] = (layer.grid.values, values)
    return values


PLANES_KEPT = 12  # a 2x2 of fused views and their neighbours while scrolling
_PLANES: dict = {}


def _rounded(values) -> tuple:
    return tuple(round(float(v), 4) for v in values)


def value_at(layer: FusionLayer, point) -> float | None:
    """The layer's value at an anatomy patient point (trilinear), None outside its grid."""
    p = np.append(np.asarray(point, float), 1.0)
    if layer.to_layer is not None:
        p = np.asarray(layer.to_layer, float).reshape(4, 4) @ p
    image = _image(layer.grid)
    index = image.TransformPhysicalPointToContinuousIndex(tuple(float(v) for v in p[:3]))
    size = image.GetSize()
    if any(i < -0.5 or i > n - 0.5 for i, n in zip(index, size)):
        return None
    value = sitk.Resample(image, _point_reference(p[:3]), sitk.Transform(), sitk.sitkLinear, float("nan"),
                          sitk.sitkFloat32)
    v = float(sitk.GetArrayFromImage(value).ravel()[0])
    return v if np.isfinite(v) else None


def _point_reference(point) -> sitk.Image:
    ref = sitk.Image(1, 1, 1, sitk.sitkFloat32)
    ref.SetOrigin(tuple(float(v) for v in point))
    return ref


def registered_to_layer(fixed: ScalarGrid, moving: ScalarGrid) -> tuple[float, ...]:
    """Frames of Reference differ: the rigid registration of the layer (``moving``) onto the anatomy
    (``fixed``), inverted to map anatomy points into the layer."""
    result = register_rigid(sitk_of(fixed), sitk_of(moving))
    return tuple(np.linalg.inv(result.m).ravel())
