"""Extraction: a Document's text -> an Extraction (agencies, people and roles, countries, places,
dates, events, topics).

`gazetteer` reads the taxonomies of lib/data/; `nlp` builds one spaCy pipeline per language from a
packaged model and the components of `roles`, `agencies`, `places` and `events`; `extract` turns a
parsed Doc into records with `persons`, `dates` and `topics`. `dates` and `gazetteer` depend on
nothing else here, so the readers use `dates` for publication dates without loading a model.
"""
