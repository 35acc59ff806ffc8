"""PS3.15 Annex E de-identification: the Basic Application Level Confidentiality Profile and its options.

The small API other parts of Cauri use (the media export's ``--deidentify PROFILE``, the second opinion)::

    from viewer.distribute.deid import Deidentifier, PseudonymMap, load_profile

    options = load_profile("basic")                    # or "second-opinion", "research"; DeidOptions(...) too
    pseudonyms = PseudonymMap.open(paths)              # paths = core.paths.resolve_paths(home); owner-only file
    deid = Deidentifier(options, pseudonyms)           # one export: UIDs consistent within it
    clean = deid.apply(dataset)                        # a de-identified copy; ``dataset`` is left untouched
    pseudonyms.save()                                  # keeps the link back (only on this workstation)

Pixels with burned-in text are the reader's to judge: ``burned.needs_review(ds)`` says which images, and
``burned.black_out(ds, rectangles)`` blacks out regions (``Deidentifier.apply`` refuses none by itself).
"""

from viewer.distribute.deid.engine import Deidentifier
from viewer.distribute.deid.options import PROFILES, DeidOptions, load_profile
from viewer.distribute.deid.pseudonyms import PseudonymMap

__all__ = ["PROFILES", "DeidOptions", "Deidentifier", "PseudonymMap", "load_profile"]
