"""stepsize."""
