"""muni-it-workbench: traceable data and reports on municipal IT in Denmark, Norway and peers."""

__version__ = "0.1.0"
