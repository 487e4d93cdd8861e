"""Exchange with other tools: spreadsheets (csv/xlsx) and, later, REFI-QDA."""
