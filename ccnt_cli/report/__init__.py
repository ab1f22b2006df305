"""The static HTML report (``ccnt report -o DIR``): see ``build``."""
