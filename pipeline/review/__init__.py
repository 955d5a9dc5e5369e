"""`outcomes review`: the delegations' returned Word copies, read safely, placed and compiled."""
