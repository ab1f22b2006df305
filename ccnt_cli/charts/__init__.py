"""Charts of progress: what they show (``model``), drawn by matplotlib (``mpl``), as small SVG
for the report (``svg``), or in a terminal (``term``)."""
