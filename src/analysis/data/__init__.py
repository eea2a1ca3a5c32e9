"""The data layer: raw snapshots with provenance, cleaning, validation and the processed tables."""
