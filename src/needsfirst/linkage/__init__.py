"""Privacy-preserving record linkage across organisations (keyed Bloom-filter encodings).

Each organisation encodes its own records with a secret shared among the partners
(`encoding`), writes an encoding file (`fileformat`) and sends only that file; the coordinator
compares two files (`matching`) and learns links between row numbers and counts, never a name.
The threat model and its limits are in docs/linkage.md.
"""
