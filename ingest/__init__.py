"""Turns editors' files into document records with provisions, and writes them to the store."""
