"""Admin screens for the committee's selection, decisions, their documents and exports."""
