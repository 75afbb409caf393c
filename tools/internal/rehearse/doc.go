// Package rehearse is the logic of `make tf/rehearse` (tools/cmd/tfrehearse): a rehearsal of
// bringing up stg and prd from an empty account exactly as the README tells an engineer to,
// through make apply itself, against the offline hashicorp/aws provider and a local S3 stand-in
// that holds the terraform state.
//
// # How
//
// Snapshot copies the repository (HEAD plus uncommitted changes) into a scratch git repository
// on main with an origin, so make apply's production checks see a clean, up-to-date main unless
// a case makes them dirty on purpose. StartS3 serves gofakes3 on an ephemeral port; a bucket
// appears in it once the simulated account holds it (bootstrap created it). Override writes one
// override file per directory that points the committed S3 backends and terraform_remote_state
// reads at the stand-in (backend.go says why an override file). WriteMirror installs the
// offline provider as hashicorp/aws from a filesystem mirror, and TrustHash adds its hash to
// the scratch copy's lock files (provider.go says why not dev_overrides). The order of the
// stacks, the first bootstrap run, the accounts and the hand-made hosted zone are read from the
// documents and the environment data (repo.go). Run runs the steps; Expectations is the strict
// list of steps that fail today for a known reason; the guard cases are in guards.go.
//
// # Errors
//
// Run returns an error wrapping ErrUnexpected when a step's outcome differs from the list (a
// failure nobody expected, a failure with another message, a listed failure that passed, a
// listed step that never ran), naming the step and its log; other errors come from preparing
// the scratch copy, the stand-in or the provider mirror.
package rehearse
