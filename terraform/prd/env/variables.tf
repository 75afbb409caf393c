# This module takes no inputs: it is the environment's data.
