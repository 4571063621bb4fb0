"""Reading tables shipped with the package (UTF-8 TSV, "#" starts a comment line).

Used by bot.text.normalize:
  abbreviations.tsv   dotted abbreviations and titles: written, spoken, when (any/name/number)
  acronyms.tsv        curated acronyms: "*" = spell with letter names, else the reading
  currencies.tsv      currency sign before an amount, spoken after it
  units.tsv           unit after a number, spoken
  degrees.tsv         academic degrees after names (dropped)
  roman_contexts.tsv  words after which a Roman numeral is read (cardinal or ordinal)
  ranks.tsv           TNI/Polri ranks and the corps after them, said in full
  news_sources.tsv    outlets named in datelines (dropped)

Used by bot.text.sentences:
  abbreviations_nonfinal.tsv   never end a sentence (Jl., Prof., Kab.)
  abbreviations_ambiguous.tsv  end one only before a sentence starter (dll., Tbk.)
  sentence_starters.tsv        common sentence-opening words (Namun, Ia, The)
"""
