-- Every API token expires (issue 15): `todo-api token` sets expires_at at minting, from
-- TOKEN_DEFAULT_TTL or --expires-in (at most TOKEN_MAX_TTL). Tokens minted before this
-- migration had no expiry; they get 90 days from now (TOKEN_DEFAULT_TTL's default when this
-- was written), so no token lives forever and nobody is locked out on the day of the deploy.
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
UPDATE api_tokens SET expires_at = now() + interval '90 days' WHERE expires_at IS NULL;
ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL;
