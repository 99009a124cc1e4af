"""The registration desk page: badge scans, verdicts, search, walk-ins and the audit log."""
