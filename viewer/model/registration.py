"""Automatic rigid registration of a prior onto the current study (SimpleITK; no Qt, no VTK).

Made for seconds on two cores, in a worker thread: both volumes are first resampled to about
``TARGET_MM`` voxels (a CT's 0.7 mm pixels carry nothing a rigid fit of a whole body part needs), then
a three-level pyramid (shrink 4, 2, 1; smoothing 2, 1, 0 mm) fits an ``Euler3DTransform`` started by a
centred initialiser (centres of mass: a prior's table often moved), Mattes mutual information on a
random 5-20 % sample (CT against CT, or across contrast and modality), regular-step gradient descent with
scales from physical shifts. The result is a 4x4 map of the prior's patient coordinates into the current
study's, with the offset and turn the reader is shown.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np
try:
    import SimpleITK as sitk
except ImportError as exc:  # the portable build leaves SimpleITK out: callers then offer "Sync here" only
    raise ImportError("automatic registration needs SimpleITK, which this installation does not have") from exc

from viewer.core.messages import msg

TARGET_MM = 3.0  # voxel size both volumes are brought to before the pyramid
SAMPLING = 0.15
MIN_VOXELS = 16  # along any axis after block averaging
LEVELS = ((4, 2.0), (2, 1.0), (1, 0.0))  # (shrink, smoothing mm) of the pyramid, coarse to fine
THREADS = 2  # the machines Cauri is made for have two cores; the window keeps its own thread


@dataclass(frozen=True)
class RigidResult:
    """``matrix`` (4x4, row-major): a point of the prior's (moving) patient space -> the current (fixed)
    study's. ``metric``: the final Mattes MI (lower is better), ``seconds``: time taken."""

    matrix: tuple[float, ...]
    metric: float
    seconds: float
    iterations: int

    @property
    def m(self) -> np.ndarray:
        return np.asarray(self.matrix, float).reshape(4, 4)

    @property
    def rotation_deg(self) -> float:
        """The turn the registration found (the rotation matrix's angle)."""
        r = self.m[:3, :3]
        return math.degrees(math.acos(max(-1.0, min(1.0, (float(np.trace(r)) - 1.0) / 2.0))))

    def offset_mm(self, at) -> float:
        """How far the prior's point ``at`` (its volume's centre, for the reader) moves onto the current study."""
        p = np.asarray(at, float)
        return float(np.linalg.norm(self.m[:3, :3] @ p + self.m[:3, 3] - p))


def sitk_image(array: np.ndarray, geometry) -> sitk.Image:
    """A (slices, rows, columns) array on ``model.acquisition.VolumeGeometry``'s grid as a SimpleITK image
    in patient (LPS) millimetres."""
    image = sitk.GetImageFromArray(np.ascontiguousarray(array, dtype=np.float32))
    image.SetSpacing(tuple(float(s) for s in geometry.spacing))
    image.SetOrigin(tuple(float(o) for o in geometry.origin))
    image.SetDirection(tuple(float(v) for v in np.asarray(geometry.matrix, float).ravel()))
    return image


def coarse(image: sitk.Image, mm: float = TARGET_MM) -> sitk.Image:
    """``image`` with its voxels averaged in whole blocks of about ``mm`` (never finer than it was):
    averaging is the smoothing a coarser grid needs, and costs one pass."""
    # Never below MIN_VOXELS along an axis: a thin stack (a few slices) keeps its slices.
    factors = [max(1, min(int(round(mm / s)), n // MIN_VOXELS)) for s, n in zip(image.GetSpacing(), image.GetSize())]
    return sitk.BinShrink(image, factors) if max(factors) > 1 else image


def register_rigid(fixed: sitk.Image, moving: sitk.Image, cancel: Callable[[], bool] | None = None,
                   seed: int = 7, target_mm: float = TARGET_MM) -> RigidResult:
    """The rigid transform that lays ``moving`` (the prior) on ``fixed`` (the current study). ``target_mm``:
    the block-averaged grid (0: the volumes as they are, the bench's peer)."""
    t0 = time.perf_counter()
    if min(*fixed.GetSize(), *moving.GetSize()) < 4:
        raise ValueError(msg("too few slices to register (at least 4 are needed)"))
    sitk.ProcessObject.SetGlobalDefaultNumberOfThreads(THREADS)
    f, m = (coarse(fixed, target_mm), coarse(moving, target_mm)) if target_mm > 0 else (fixed, moving)
    initial = sitk.CenteredTransformInitializer(f, m, sitk.Euler3DTransform(),
                                                sitk.CenteredTransformInitializerFilter.MOMENTS)
    reg = sitk.ImageRegistrationMethod()
    reg.SetMetricAsMattesMutualInformation(numberOfHistogramBins=32)
    reg.SetMetricSamplingStrategy(reg.RANDOM)
    reg.SetMetricSamplingPercentage(SAMPLING, seed)
    reg.SetInterpolator(sitk.sitkLinear)
    reg.SetOptimizerAsRegularStepGradientDescent(learningRate=2.0, minStep=1e-2, numberOfIterations=100,
                                                 relaxationFactor=0.6, gradientMagnitudeTolerance=1e-6)
    reg.SetOptimizerScalesFromPhysicalShift()
    # Levels that would leave fewer than 4 voxels along the thinnest axis are skipped (ITK cannot smooth them).
    thinnest = min(min(f.GetSize()), min(m.GetSize()))
    levels = [(k, sigma) for k, sigma in LEVELS if thinnest // k >= 4] or [(1, 0.0)]
    reg.SetShrinkFactorsPerLevel([k for k, _ in levels])
    reg.SetSmoothingSigmasPerLevel([sigma for _, sigma in levels])
    reg.SmoothingSigmasAreSpecifiedInPhysicalUnitsOn()
    reg.SetInitialTransform(initial, inPlace=False)
    iterations = [0]

    def step() -> None:
        iterations[0] += 1
        if cancel is not None and cancel():
            raise Cancelled()

    reg.AddCommand(sitk.sitkIterationEvent, step)
    try:
        transform = reg.Execute(f, m)
    except RuntimeError as exc:
        if cancel is not None and cancel():
            raise Cancelled() from exc
        raise
    return RigidResult(tuple(_moving_to_fixed(transform).ravel()), float(reg.GetMetricValue()),
                       time.perf_counter() - t0, iterations[0])


class Cancelled(Exception):
    """The reader closed the prior (or the study) before the registration ended."""


def _moving_to_fixed(transform: sitk.Transform) -> np.ndarray:
    """SimpleITK's registration maps fixed points to moving ones; the views need the other way."""
    euler = sitk.Euler3DTransform(sitk.CompositeTransform(transform).GetNthTransform(0)) \
        if transform.GetName() == "CompositeTransform" else sitk.Euler3DTransform(transform)
    m = np.eye(4)
    m[:3, :3] = np.asarray(euler.GetMatrix(), float).reshape(3, 3)
    m[:3, 3] = np.asarray(euler.TransformPoint((0.0, 0.0, 0.0)), float)
    return np.linalg.inv(m)
