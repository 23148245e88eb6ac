"""Floor 4: the command line of SPEC §5, a thin shell over segtui.services."""
