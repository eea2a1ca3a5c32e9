"""Figures in the house style: style (look), charts (chart types), export (files + HTML)."""
