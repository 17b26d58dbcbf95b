# The reports' own models live in followup/report_models.py (the evaluation's beside them here).
from .report_models import ExportLog  # noqa: F401
