"""Events: invitations, RSVPs, check-in and the turnout forecast."""
