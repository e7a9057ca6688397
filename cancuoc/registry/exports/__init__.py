"""Exports of people lists: any filtered people list as .xlsx or CSV in the import layout,
streamed (a province's million rows are never held in memory), every export audited; an .xlsx
too long for one request is built by a background export job (jobs.py)."""
