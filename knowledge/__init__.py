"""Knowledge base of tiltak (support schemes) for Én dør inn.

A plain Python library: content files, validation, database models, search and
spreadsheet import/export. It knows nothing about Rasa.
"""
