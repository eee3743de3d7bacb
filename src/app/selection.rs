//! Which revisions bulk rules select: keep-newest-N, age conditions.
