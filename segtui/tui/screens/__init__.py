"""Full screens: segments (home), browsers and setup; the worksheet has its own package."""
