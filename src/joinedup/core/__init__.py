"""Places, people and roles, permissions, audit log, outbox, background jobs, base pages."""
