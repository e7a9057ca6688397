"""Bulk import of people lists (CSV and .xlsx) into the register, as resumable jobs.

Layout: `columns` (the file layout and header aliases), `sources` (reading files safely:
format sniffing, legacy encodings, streaming rows), `rows` (per-row validation), `runner`
(the batch loop with its checkpoint), `services` (create, start, resume jobs), `report`
(the Excel error report), `views`/`urls` (upload and progress pages).
"""
