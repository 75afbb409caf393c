// Package rehearse is the logic of `make tf/rehearse` (tools/cmd/tfrehearse): a rehearsal of
// bringing up stg and prd from an empty account exactly as the README tells an engineer to,
// against the offline hashicorp/aws provider and a local S3 stand-in for the state backend.
//
// # What it does
//
// Snapshot copies the repository (HEAD plus uncommitted changes) into a scratch git repository
// on main with an origin, so make apply's production checks see a clean, up-to-date main unless
// a case makes them dirty on purpose. StartS3 serves gofakes3 on an ephemeral port; the roots'
// committed S3 backends reach it through the standard TF_CLI_ARGS_init variable
// (-backend-config with the endpoint, path style and the skip flags S3-compatible stores need),
// and the stacks' terraform_remote_state reads through generated *_override.tf files
// (RemoteStateOverride). Rehearsal runs the steps; Expectations holds the strict list of steps
// that fail today for a known reason.
//
// # Errors
//
// Rehearsal.Run returns an error that says which step failed and where its log is, or which
// expected failure did not happen (the list must then shrink).
package rehearse
