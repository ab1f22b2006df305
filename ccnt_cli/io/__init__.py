"""Reading the files of a data folder: text, YAML records and CSV actuals (phase 1 of loading).

Each file is read on its own; its result depends on its bytes alone, so the cache can keep it.
"""
