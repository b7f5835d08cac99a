"""Admin screens for reviewing: dossiers, admissibility, assignments, conflicts, reviews, ranking."""
