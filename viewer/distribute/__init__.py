"""What leaves the workstation: de-identification (``deid``) and the second opinion abroad (``second_opinion``).

Qt-free, below the workstation: the command line, the window and the patient-media export all call it.
"""
