# This example has no outputs.
