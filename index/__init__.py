"""Everything persistent (the record store and the search indexes) and search itself."""
