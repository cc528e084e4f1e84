"""Pages of the registration app: the daily page (day), studies and provider lists (studies),
analyses and reports (reports), and the Excel upload for full-time single-activity staff."""
