"""A schematic map of Kenya's 47 counties: one equal square per county, placed on a grid so
that neighbours stay roughly where they are (the west's small counties on the left, the coast
bottom right, Nairobi in the middle). It shows no boundaries and no areas: there is no offline
boundary file, and equal tiles give the small, populous counties the same room as the large,
sparse ones. Keyed by county code, (column, row)."""

TILES = {
    1: (7, 7), 2: (7, 8), 3: (8, 7), 4: (7, 6), 5: (8, 6), 6: (6, 7), 7: (8, 4), 8: (8, 2),
    9: (8, 0), 10: (6, 1), 11: (7, 2), 12: (6, 2), 13: (7, 3), 14: (7, 4), 15: (7, 5),
    16: (6, 6), 17: (5, 7), 18: (5, 3), 19: (6, 4), 20: (6, 3), 21: (6, 5), 22: (5, 5),
    23: (3, 0), 24: (3, 2), 25: (5, 1), 26: (2, 2), 27: (1, 2), 28: (4, 3), 29: (3, 3),
    30: (4, 2), 31: (5, 2), 32: (5, 4), 33: (4, 5), 34: (4, 6), 35: (4, 4), 36: (2, 6),
    37: (2, 4), 38: (2, 3), 39: (1, 3), 40: (0, 3), 41: (0, 4), 42: (2, 5), 43: (1, 4),
    44: (1, 5), 45: (3, 4), 46: (3, 5), 47: (5, 6),
}  # fmt: skip
COLUMNS = 9
ROWS = 9

# Three letters on each tile (the full name is the link's accessible name and in the table).
ABBREVIATIONS = {
    1: "MSA", 2: "KWL", 3: "KLF", 4: "TRV", 5: "LAM", 6: "TTV", 7: "GRS", 8: "WJR", 9: "MDR",
    10: "MSB", 11: "ISL", 12: "MRU", 13: "THN", 14: "EMB", 15: "KTI", 16: "MKS", 17: "MKN",
    18: "NDR", 19: "NYR", 20: "KRG", 21: "MRG", 22: "KBU", 23: "TRK", 24: "WPK", 25: "SBR",
    26: "TNZ", 27: "UGS", 28: "EMK", 29: "NDI", 30: "BRG", 31: "LKP", 32: "NKR", 33: "NRK",
    34: "KJD", 35: "KRC", 36: "BMT", 37: "KKG", 38: "VHG", 39: "BGM", 40: "BSA", 41: "SYA",
    42: "KSM", 43: "HBY", 44: "MGR", 45: "KSI", 46: "NYM", 47: "NBI",
}  # fmt: skip
