"""pydicom-only DICOM knowledge, and the one place DICOM files are read (the store, the network and the model
read through it). No Qt, no VTK; imports nothing of Cauri but ``viewer.core``.

Reading: ``header`` (a file's indexed header and completeness; ``tagscan``/``fields`` its fast path, ``part10``
received datasets), ``frame_header`` (one frame's header for display and measuring, ``suv`` its PET factor),
``decode``/``gdcm_decode`` (pixel data to arrays) run in isolated workers by ``decoding``/``decode_worker``,
``integrity`` (does a file's pixel data decode). Beside it: ``pixels`` (the display pipeline), ``geometry``,
``findings`` (SR, GSPS, KO objects) and ``demo``.
"""
