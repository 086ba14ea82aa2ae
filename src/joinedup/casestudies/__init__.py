"""Case studies: anonymised life stories, their timelines and the personal-data scanner."""
