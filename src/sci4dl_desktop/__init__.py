"""sci4dl-desktop: runs the day of a scientific workshop."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sci4dl-desktop")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

APP_NAME = "sci4dl-desktop"
APP_DISPLAY_NAME = "SCI4DL Desktop"
ORGANIZATION = "sci4dl"
