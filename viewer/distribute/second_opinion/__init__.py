"""The second opinion abroad: a request package (de-identified, encrypted) the expert opens in Cauri, and the
reply package (SR with the answer and measurements, GSPS, KO) that lands back on the original study.

``package``: the encrypted file and its checks; ``request``: the hospital's side (``create_request``,
``import_reply``); ``expert``: the expert's side (``open_request``, ``make_reply``).
"""
