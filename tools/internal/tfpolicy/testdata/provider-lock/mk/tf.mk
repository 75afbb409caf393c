# The pin the fixture checks against.
AWS_PROVIDER_VERSION := 6.57.1
