"""The one error type for bad input, so callers can show it as a single clear line."""


class InputError(ValueError):
    """Bad user input: a file, a field or a value that is not what was expected.

    The message names the place (file and field) and what was expected, so the CLI
    can print it as one line and the app can show it in a dialog.
    """
