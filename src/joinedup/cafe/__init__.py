"""World café planner: who sits at which table in each round of a multi-agency day."""
