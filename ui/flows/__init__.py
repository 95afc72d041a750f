"""The main window's flows, one job each: files, recovery, sections, audience, export,
printing, help. Each is a mixin of `ui.mainwindow.MainWindow`."""
