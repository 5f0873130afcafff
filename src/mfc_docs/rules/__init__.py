"""Rules: dates and working days, review cycles, time limits and what is overdue."""
