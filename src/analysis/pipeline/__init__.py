"""The pipeline runner: spec, parameters, state, execution, rendering."""
