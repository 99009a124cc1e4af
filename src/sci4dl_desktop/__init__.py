"""sci4dl-desktop: runs the day of a scientific workshop."""

APP_NAME = "sci4dl-desktop"
APP_DISPLAY_NAME = "SCI4DL Desktop"
ORGANIZATION = "sci4dl"


def __getattr__(name: str) -> str:
    # __version__ is read from the installed metadata on first use: importing
    # importlib.metadata costs tens of milliseconds that the window should not wait for.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("sci4dl-desktop")
    except PackageNotFoundError:  # running from a source tree that is not installed
        found = "0+unknown"
    globals()["__version__"] = found
    return found
