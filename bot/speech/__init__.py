"""Speech engines behind one interface, and the synthesis of a whole plan."""
