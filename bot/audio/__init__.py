"""Audio: the cache folder, merging speech segments and exporting voice notes."""
