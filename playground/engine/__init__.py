"""The training engine: plain NumPy, no Qt. Everything the app computes lives here."""
