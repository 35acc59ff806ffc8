"""What leaves the workstation for someone else: a patient's disc or USB key (IHE PDI), its ISO image, and
cine loops as video. No Qt, no VTK: pictures and print sheets are drawn above (``render``, ``ui``); this
package writes files from what they give it."""
