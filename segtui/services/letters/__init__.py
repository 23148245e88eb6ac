"""Letters: the Word documents a merge uses, the data merged into them, merge and preview."""
