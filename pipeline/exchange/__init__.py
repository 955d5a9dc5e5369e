"""The translators' round trip: a bilingual Word copy and XLIFF 2.0 out, their texts back in.

`texts` lists what a translator receives (each text of the source by its exchange id, with
the current translation and its state), `bilingual` and `xliff` write and read the two file
kinds, `markdown` turns styled runs back into a draft's inline Markdown, and `importing`
writes the returned texts into the translation draft by id.
"""
