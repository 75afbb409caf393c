# Intended replacements, one per line: <directory> <address> <reason>. Reviewed like code;
# remove a line once its change is applied (tfguard warns about stale ones).
