"""Management commands of the café planner."""
