"""The network of working ties between teams: ties from what Joinedup sees, analysis, map."""
