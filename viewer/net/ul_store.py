"""A C-STORE request received on the lean upper layer, filed into the cache: the status to answer it with.

One rule for every way an instance arrives over DIMSE: pushed to the storage SCP (a modality, a C-MOVE's
sub-operations) or sent back on a C-GET association.
"""

from __future__ import annotations

from typing import Callable, Container

from viewer.net import ul
from viewer.net.dimse_common import STATUS_CANNOT_UNDERSTAND, STATUS_OUT_OF_RESOURCES
from viewer.net.ingest import CacheWriter, DiskFull, NotImportable
from viewer.net.ul_assoc import Negotiated


def file_request(msg: ul.Message, agreed: Negotiated, writer: CacheWriter, source_aet: str,
                 classes: Container[str] | None = None, on_full: Callable[[], None] | None = None) -> int:
    """Hand the dataset of ``msg`` to ``writer`` as it came (never decoded); 0x0000 once it is queued.

    ``classes``: the storage SOP classes accepted on this context (None: any); ``on_full`` is told when the
    disk's reserve refuses it."""
    context = agreed.contexts.get(msg.context_id)
    if context is None or msg.dataset is None or (classes is not None and context[0] not in classes):
        return STATUS_CANNOT_UNDERSTAND
    sop_class = str(msg.command.get(ul.AFFECTED_SOP_CLASS, "") or context[0])
    sop_uid = str(msg.command.get(ul.AFFECTED_SOP_INSTANCE, ""))
    try:
        writer.store(sop_class, sop_uid, context[1], msg.dataset, source_aet=source_aet)
    except DiskFull:
        if on_full is not None:
            on_full()
        return STATUS_OUT_OF_RESOURCES
    except NotImportable:
        return STATUS_CANNOT_UNDERSTAND
    except OSError:
        return STATUS_OUT_OF_RESOURCES
    return 0x0000
