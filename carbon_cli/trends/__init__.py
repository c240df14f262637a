"""Years, not just a year: the multi-year view of an inventory (issue 17).

``annual`` (each calendar year's totals per site and for the whole run, with coverage),
``peak`` (carbon-peak status of a yearly series), ``targets`` (target trajectories and the gap),
``decompose`` (why a total changed between two periods: LMDI-I effects that sum exactly).
Pure functions over plain data and DataFrames; nothing here prints.
"""
