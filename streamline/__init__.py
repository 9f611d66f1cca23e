"""streamline: staffing workbooks → job positions, reduction targets, payouts, salary fund."""

__version__ = "0.1.0"
