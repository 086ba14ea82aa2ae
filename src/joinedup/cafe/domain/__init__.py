"""The café planner's domain functions: tables, plans, the room on the day, printing.

Views, tasks and the demo call these; each change is one transaction and one audit entry.
"""
