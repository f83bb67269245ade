"""Planning: robust intervention bundles under a budget (``dkbm optimise``)."""
