"""Report drafts: one ReportView (view.py) rendered to Markdown, DOCX and HTML."""
