"""The VTK classes Cauri renders with, imported module by module instead of through ``import vtk``.

``import vtk`` loads every VTK module (over a hundred: readers, writers, charts, matplotlib's bridge...);
a reading workstation draws with a dozen, and a frozen build (``installers/cauri.spec``) carries only what
is imported. The OpenGL and FreeType modules are imported for what they register rather than for a name:
VTK's object factories give ``vtkRenderWindow``, the mappers and the text actors their OpenGL and FreeType
implementations only once those modules are loaded.

Use as ``from viewer.render import vtk_classes as vtk``; a class missing here is added here, not imported
from ``vtk`` elsewhere (``tests/test_portable_recipes.py`` checks no module outside tests does).
"""

# ruff: noqa: F401
import vtkmodules.vtkRenderingFreeType  # text actors: the FreeType renderer behind vtkTextActor
import vtkmodules.vtkRenderingOpenGL2  # render windows (X, EGL, OSMesa), mappers and actors in OpenGL
import vtkmodules.vtkRenderingVolumeOpenGL2  # the GPU ray caster behind vtkGPUVolumeRayCastMapper
from vtkmodules.util import numpy_support
from vtkmodules.vtkCommonCore import VTK_FLOAT, VTK_UNSIGNED_CHAR, vtkPoints, vtkUnsignedCharArray
from vtkmodules.vtkCommonDataModel import (
    vtkCellArray,
    vtkImageData,
    vtkPiecewiseFunction,
    vtkPlane,
    vtkPlaneCollection,
    vtkPolyData,
)
from vtkmodules.vtkCommonMath import vtkMatrix4x4
from vtkmodules.vtkFiltersCore import vtkContourFilter  # isodose lines
from vtkmodules.vtkFiltersSources import vtkLineSource
from vtkmodules.vtkImagingCore import vtkImageReslice
from vtkmodules.vtkRenderingCore import (
    vtkActor,
    vtkActor2D,
    vtkColorTransferFunction,
    vtkImageActor,
    vtkImageSlice,
    vtkPolyDataMapper,
    vtkPolyDataMapper2D,
    vtkRenderer,
    vtkRenderWindow,
    vtkTextActor,
    vtkVolume,
    vtkVolumeProperty,
)
from vtkmodules.vtkRenderingAnnotation import vtkAnnotatedCubeActor  # the 3-D view's orientation cube
from vtkmodules.vtkRenderingImage import vtkImageResliceMapper
from vtkmodules.vtkRenderingVolume import vtkFixedPointVolumeRayCastMapper, vtkGPUVolumeRayCastMapper
from vtkmodules.vtkRenderingVolumeOpenGL2 import vtkOpenGLGPUVolumeRayCastMapper
