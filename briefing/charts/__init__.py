"""The one chart drawing (ReportLab graphics) shared by the PDFs and the app's previews."""
