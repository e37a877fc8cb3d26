"""The activities module's API: tasks, calls, meetings and notes, the calendar, follow-up plans, reminders."""
