"""The dkbm-sim web app for planners and trainers (Solara); start it with ``dkbm web``."""
