"""The desktop app: PySide6 widgets and pyqtgraph plots that draw snapshots and send commands."""
