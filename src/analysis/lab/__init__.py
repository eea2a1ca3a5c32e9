"""JupyterLab for the project: `.py` notebooks open as notebooks, the project's kernel is the default."""
