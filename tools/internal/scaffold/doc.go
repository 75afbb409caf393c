// Package scaffold writes a new service into the repository: the logic of
// `make new/service NAME=<name> KIND=http|worker|lambda` (tools/cmd/scaffold).
//
// # What it writes
//
// Generate renders the embedded text/template files under templates/ (common/ for every kind,
// then the kind's own folder; a path part __name__ becomes the service's name and __env__ each
// environment) into the repository:
//
//   - services/<name>/: service.yaml (the service definition tools/internal/svcdef reads), a
//     Go module with cmd/<name> (a run() main), a small layered package with tests, a
//     Makefile in the style of the other services, a Dockerfile (http, worker) and a README;
//   - design-docs/<name>.md: every section of design-docs/TEMPLATE.md, read at run time and
//     filled for the kind (DesignDoc), so `make docs/lint` passes;
//   - terraform/stacks/<name>: the stack, built from modules/ecs-service (http with its own
//     load balancer, worker without ingress) or modules/lambda-function and modules/sqs-queue
//     (lambda), and the thin roots terraform/<env>/<name> for every environment, with the
//     lock file copied from an existing root of that environment.
//
// It then edits the files that list services or stacks, each in the way their own tools
// expect: go.work (`use`), terraform/<env>/env (the stack's settings as data and an output),
// terraform/README.md (the apply order the rehearsal reads), libs/kit/envnames (the variables
// only this service reads) and the names golden file of tools/internal/namestability (rendered
// again, so `make tf/names` passes). It runs `svcdef generate` and `svcdef check`
// (tools/cmd/svcdef, as make svc/generate and make svc/check do), which rewrite what follows
// the definitions (the deploy workflow's choice, the README's lists, CODEOWNERS) and reject a
// definition or a tree they disagree with. Finally it runs `go mod tidy` in the new module,
// which fills go.sum.
//
// # Checking the result
//
// Verify clones the repository (with its uncommitted changes) into a scratch directory,
// scaffolds every kind there and runs the checks the new files are subject to (Checks), or,
// with Full, the whole `make test`. What the scaffold wrote (git status of the clone) narrows
// two checks: the design docs whose diagrams are rendered, and the tools tests that are run
// (ToolTests: those that read one of those files, found by tools/internal/repotests).
//
// # Errors
//
// Generate returns an error wrapping ErrInvalid for a bad name or kind (the message lists the
// rules or the valid kinds) and ErrExists when the service, its stack or its design doc is
// already there; nothing is written in either case. Other errors come from the file system, a
// template or `go mod tidy`, naming the file or command.
package scaffold
