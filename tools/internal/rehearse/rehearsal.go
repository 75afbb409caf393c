package rehearse

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/tsumiki-dev/tsumiki/tools/internal/offlineaws/account"
)

// Config configures a rehearsal.
type Config struct {
	// Root is the repository to rehearse: its working tree, uncommitted changes included.
	Root string
	// Work is the scratch directory; it is emptied first and kept afterwards for inspection
	// (the scratch repository, the logs of every step).
	Work string
	// Provider is the offline hashicorp/aws binary (make tf/provider builds it).
	Provider string
	// Policy is the policy checker binary (tools/cmd/tfpolicy); "" skips the policy checks.
	// It is called as `<Policy> -plan <plan.json>` when its usage names -plan, else skipped.
	Policy string
	// Expectations is the strict list of expected failures.
	Expectations *Expectations
	// Rename and Replace are the guard cases: a rename without moved, a stateful replacement.
	// The zero value takes DefaultRename and DefaultReplace.
	Rename, Replace Edit
	// Skips are the README steps shown to be needed (nil: DefaultSkips; empty: none).
	Skips []Skip
	// Account reaches the simulated accounts (TSUMIKI_OFFLINE_AWS_STATE_DIR = StateDir()).
	Account Account
	// Environ is the environment the commands start from (os.Environ()); the rehearsal drops
	// make's, terraform's and AWS's own variables from it.
	Environ []string
	// Out receives one line per step, and the tail of a failed step's log.
	Out io.Writer
	// Verbose also copies every command's output to Out.
	Verbose bool
}

// Account reaches the simulated accounts for what exists in an account outside terraform: the
// offline provider's account store (package offlineaws/account) in make tf/rehearse.
type Account interface {
	// HasBucket tells whether the account holds an S3 bucket; the S3 stand-in serves a bucket
	// once it does.
	HasBucket(accountID, bucket string) (bool, error)
	// AddHostedZone records a Route 53 hosted zone created by hand.
	AddHostedZone(accountID, id, name string) error
	// PushImage records an image tag pushed to an ECR repository.
	PushImage(accountID, repository, tag string) error
}

// StateDir is the simulated accounts' directory inside the work directory.
func (c Config) StateDir() string { return filepath.Join(c.Work, "account") }

// Report counts what a rehearsal did.
type Report struct {
	// StacksApplied counts the stacks applied (bootstrap included), over every environment.
	StacksApplied int
	// Resources counts the managed resources in the states of every stack after the run.
	Resources int
	// Checks counts the checks that passed: empty second plans, refusals, lock and state checks,
	// policy runs.
	Checks int
	// Expected lists the expected failures that happened.
	Expected []*Expectation
	// Skipped says which checks did not run, and why.
	Skipped []string
}

// rehearsal is one run.
type rehearsal struct {
	cfg      Config
	repo     string
	logs     string
	s3       *S3
	tfrc     string
	policy   string
	order    []string
	firstRun []string
	accounts map[string]string
	// failedApply maps "<env>/<stack>" to the expected failure its apply met: its own later
	// checks are skipped, they would only repeat it.
	failedApply map[string]*Expectation
	applied     map[string]bool
	// fixed collects listed failures that passed: the run goes on (nothing after them is
	// wrong) and fails at the end, naming every line to remove.
	fixed  []error
	n      int
	report *Report
}

// Run rehearses every environment, stg before prd, and returns what it counted. An error says
// which step went differently from the expectations and where its log is.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Rename.Stack == "" {
		cfg.Rename = DefaultRename
	}
	if cfg.Replace.Stack == "" {
		cfg.Replace = DefaultReplace
	}
	if cfg.Skips == nil {
		cfg.Skips = DefaultSkips
	}
	r := &rehearsal{
		cfg:         cfg,
		repo:        filepath.Join(cfg.Work, "repo"),
		logs:        filepath.Join(cfg.Work, "logs"),
		accounts:    map[string]string{},
		failedApply: map[string]*Expectation{},
		applied:     map[string]bool{},
		report:      &Report{},
	}
	if err := r.prepare(ctx); err != nil {
		return r.report, err
	}
	defer func() { _ = r.s3.Close(context.WithoutCancel(ctx)) }() // in-memory; nothing to keep
	envs, err := Envs(r.repo)
	if err != nil {
		return r.report, err
	}
	// The README applies stg first; prd only after.
	slices.SortFunc(envs, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == "prd":
			return 1
		case b == "prd":
			return -1
		}
		return strings.Compare(a, b)
	})
	for _, env := range envs {
		if err := r.environment(ctx, env); err != nil {
			return r.report, err
		}
	}
	if len(r.fixed) > 0 {
		return r.report, errors.Join(r.fixed...)
	}
	if unseen := cfg.Expectations.Unseen(); len(unseen) > 0 {
		var lines []string
		for _, x := range unseen {
			lines = append(lines, fmt.Sprintf("%s:%d %s", cfg.Expectations.Source, x.Line, x.Step))
		}
		return r.report, fmt.Errorf("expected failures whose step never ran (stale lines; remove them): %s: %w", strings.Join(lines, ", "), ErrUnexpected)
	}
	return r.report, nil
}

// prepare builds the scratch repository, the stand-in, the overrides and the provider mirror.
func (r *rehearsal) prepare(ctx context.Context) error {
	if err := os.RemoveAll(r.cfg.Work); err != nil {
		return fmt.Errorf("empty %s: %w", r.cfg.Work, err)
	}
	if err := os.MkdirAll(r.logs, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", r.logs, err)
	}
	if err := Snapshot(ctx, r.cfg.Root, r.repo, OverrideFile); err != nil {
		return err
	}
	envs, err := Envs(r.repo)
	if err != nil {
		return err
	}
	if r.order, err = StackOrder(r.repo, envs); err != nil {
		return err
	}
	if r.firstRun, err = FirstRun(r.repo); err != nil {
		return err
	}
	for _, env := range envs {
		if r.accounts[env], err = AccountID(r.repo, env); err != nil {
			return err
		}
	}
	accountHas := func(bucket string) (bool, error) {
		for _, id := range r.accounts {
			has, err := r.cfg.Account.HasBucket(id, bucket)
			if err != nil || has {
				return has, err
			}
		}
		return false, nil
	}
	if r.s3, err = StartS3(ctx, accountHas); err != nil {
		return err
	}
	if err := r.writeOverrides(); err != nil {
		return err
	}
	if err := r.trustProvider(ctx); err != nil {
		return err
	}
	return r.findPolicy(ctx)
}

// writeOverrides writes OverrideFile into every directory under terraform/ that has a backend
// "s3" block or reads remote state from S3.
func (r *rehearsal) writeOverrides() error {
	return filepath.WalkDir(filepath.Join(r.repo, "terraform"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		text, err := Override(p, r.s3.URL)
		if err != nil || text == nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(p, OverrideFile), text, 0o644); err != nil {
			return fmt.Errorf("write the override: %w", err)
		}
		return nil
	})
}

// trustProvider installs the offline provider in a filesystem mirror and adds its hash to every
// committed lock file, which git is told to leave out of
// the status (skip-worktree): a local trust, like the override files, that make apply's
// clean-tree check must not see. A root without a committed lock file gets none: terraform init
// writes one, and git sees it, as it would on an engineer's machine.
func (r *rehearsal) trustProvider(ctx context.Context) error {
	roots, err := Roots(r.repo)
	if err != nil {
		return err
	}
	versions := map[string]bool{}
	var locked []string
	for _, root := range roots {
		v, err := LockedVersion(filepath.Join(r.repo, root))
		if err != nil {
			return err
		}
		if v != "" {
			versions[v] = true
			locked = append(locked, root)
		}
	}
	if len(versions) == 0 {
		// No root locks hashicorp/aws: nothing to install (a provider-free repository).
		r.tfrc = filepath.Join(r.cfg.Work, "empty.tfrc")
		if err := os.WriteFile(r.tfrc, nil, 0o644); err != nil {
			return fmt.Errorf("write the CLI config: %w", err)
		}
		return nil
	}
	if r.tfrc, err = WriteMirror(r.cfg.Provider, r.cfg.Work, slices.Sorted(maps.Keys(versions))); err != nil {
		return err
	}
	hashes := map[string]string{}
	for v := range versions {
		if hashes[v], err = PackageHash(filepath.Join(r.cfg.Work, "mirror", filepath.FromSlash(awsSource), v, Platform())); err != nil {
			return err
		}
	}
	for _, root := range locked {
		v, err := LockedVersion(filepath.Join(r.repo, root))
		if err != nil {
			return err
		}
		if err := TrustHash(filepath.Join(r.repo, root, ".terraform.lock.hcl"), hashes[v]); err != nil {
			return err
		}
		if _, err := Git(ctx, r.repo, "update-index", "--skip-worktree", root+"/.terraform.lock.hcl"); err != nil {
			return fmt.Errorf("trust the offline provider in %s: %w", root, err)
		}
	}
	return nil
}

// findPolicy decides whether the policy checker reads plan JSON (its usage names -plan).
func (r *rehearsal) findPolicy(ctx context.Context) error {
	if r.cfg.Policy == "" {
		r.report.Skipped = append(r.report.Skipped, "policy on plan JSON: no policy checker given")
		return nil
	}
	var usage bytes.Buffer
	_ = r.run(ctx, &usage, "", r.repo, r.cfg.Policy, "-h") // -h exits non-zero; the usage is what counts
	if !regexp.MustCompile(`(?m)^\s*-plan\b`).Match(usage.Bytes()) {
		r.report.Skipped = append(r.report.Skipped, "policy on plan JSON: tools/cmd/tfpolicy has no -plan flag yet")
		return nil
	}
	r.policy = r.cfg.Policy
	return nil
}

// environment rehearses one environment from an empty account. In a disposable environment
// (not prd) it first shows what the README's hand-made steps are for: a stack applied without
// one fails the way a fresh account makes it fail (Skips), then the step is done and the apply
// goes through.
func (r *rehearsal) environment(ctx context.Context, env string) error {
	disposable := env != "prd"
	if !disposable {
		if err := r.productionRefusals(ctx, env); err != nil {
			return err
		}
	}
	zoneMade := false
	if !disposable || !r.skips("zone") {
		if err := r.handMade(ctx, env); err != nil {
			return err
		}
		zoneMade = true
	}
	ok, err := r.bootstrap(ctx, env)
	if err != nil || !ok {
		return err
	}
	// README: "After that it is a normal stack: make apply ENV=<env> STACK=bootstrap"; the
	// second apply must find nothing to do.
	if err := r.apply(ctx, env, "bootstrap"); err != nil {
		return err
	}
	for _, stack := range r.order {
		for _, c := range r.cfg.Skips {
			if !disposable || c.Stack != stack {
				continue
			}
			if err := r.skipped(ctx, env, c); err != nil {
				return err
			}
			if c.Skip == "zone" && !zoneMade {
				if err := r.handMade(ctx, env); err != nil {
					return err
				}
				zoneMade = true
			}
		}
		if err := r.firstDeploy(ctx, env, stack); err != nil {
			return err
		}
		if err := r.apply(ctx, env, stack); err != nil {
			return err
		}
	}
	for _, stack := range append([]string{"bootstrap"}, r.order...) {
		if err := r.secondPlan(ctx, env, stack); err != nil {
			return err
		}
	}
	if disposable {
		return r.guardCases(ctx, env)
	}
	return r.protectedReplacement(ctx, env)
}

// Skip is a step of the README the rehearsal leaves out once, in a disposable environment, to
// show that the simulated account notices: make apply of Stack must then fail with Want.
type Skip struct {
	// Stack is the stack whose apply needs the step.
	Stack string
	// Skip names the step: "zone" (the hand-made hosted zone, created right after) or
	// "deploy" (the first make deploy of the stack's service, done right after as usual).
	Skip string
	// Want is text of the failure (the provider's message for the missing thing).
	Want string
}

// DefaultSkips are the README steps the rehearsal shows are needed: the hosted zone the
// certificate and mail records go into, and the image the first task definition names.
var DefaultSkips = []Skip{
	{Stack: "shared", Skip: "zone", Want: "Hosted Zone"},
	{Stack: "todo-api", Skip: "deploy", Want: "CannotPullContainerError"},
}

func (r *rehearsal) skips(what string) bool {
	for _, c := range r.cfg.Skips {
		if c.Skip == what {
			return true
		}
	}
	return false
}

// skipped applies a stack with a README step left out: the apply must fail with c.Want.
func (r *rehearsal) skipped(ctx context.Context, env string, c Skip) error {
	what := map[string]string{"zone": "the hand-made hosted zone", "deploy": "its first make deploy"}[c.Skip]
	_, err := r.step(ctx, fmt.Sprintf("%s/%s apply without %s fails", env, c.Stack, what), func(w *stepLog) error {
		return refused(r.make(ctx, w, env, "apply", "ENV="+env, "STACK="+c.Stack, "AUTO_APPROVE=1"), w, c.Want)
	})
	if err == nil {
		r.report.Checks++
	}
	return err
}

// productionRefusals checks make apply's production rules before anything is applied: a dirty
// tree, another branch and an unpushed commit are each refused, and nothing reaches the state.
func (r *rehearsal) productionRefusals(ctx context.Context, env string) error {
	stack := r.order[0]
	cases := []struct {
		name, want    string
		before, after [][]string
		dirty         bool
	}{
		{name: "refuses a dirty tree", want: "prd applies need a clean tree", dirty: true},
		{
			name: "refuses another branch", want: "prd applies run from main, not 'rehearsal-feature'",
			before: [][]string{{"checkout", "-q", "-b", "rehearsal-feature"}},
			after:  [][]string{{"checkout", "-q", "main"}, {"branch", "-q", "-D", "rehearsal-feature"}},
		},
		{
			name: "refuses an unpushed commit", want: "is not origin/main",
			before: [][]string{{"commit", "-q", "--allow-empty", "--no-verify", "-m", "rehearsal: not pushed"}},
			after:  [][]string{{"reset", "-q", "--hard", "origin/main"}},
		},
	}
	dirtyFile := filepath.Join(r.repo, "terraform", env, stack, "uncommitted.tf")
	for _, c := range cases {
		_, err := r.step(ctx, env+"/"+stack+" "+c.name, func(w *stepLog) error {
			for _, args := range c.before {
				if _, err := Git(ctx, r.repo, args...); err != nil {
					return err
				}
			}
			if c.dirty {
				if err := os.WriteFile(dirtyFile, []byte("# an uncommitted change\n"), 0o644); err != nil {
					return fmt.Errorf("make the tree dirty: %w", err)
				}
			}
			runErr := r.make(ctx, w, env, "apply", "ENV="+env, "STACK="+stack, "AUTO_APPROVE=1")
			if c.dirty {
				if err := os.Remove(dirtyFile); err != nil {
					return fmt.Errorf("clean the tree: %w", err)
				}
			}
			for _, args := range c.after {
				if _, err := Git(ctx, r.repo, args...); err != nil {
					return err
				}
			}
			if err := refused(runErr, w, c.want); err != nil {
				return err
			}
			bucket, err := r.s3.Find(stateKey(env, stack))
			if err != nil {
				return err
			}
			if bucket != "" {
				return fmt.Errorf("the refused apply wrote state s3://%s/%s", bucket, stateKey(env, stack))
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// handMade creates what terraform/README.md ("Before the first apply in a real account") tells
// the engineer to create by hand: the environment's Route 53 hosted zone. Nothing else is
// seeded; whatever else a fresh account lacks, the rehearsal must meet.
func (r *rehearsal) handMade(ctx context.Context, env string) error {
	id, name, err := DNSZone(r.repo, env)
	if err != nil || id == "" {
		return err
	}
	_, err = r.step(ctx, env+" hosted zone "+name+" created by hand", func(w *stepLog) error {
		fmt.Fprintf(w, "Route 53 hosted zone %s (%s) in account %s\n", id, name, r.accounts[env])
		return r.cfg.Account.AddHostedZone(r.accounts[env], id, name)
	})
	return err
}

// FirstImageTag is the image tag the first make deploy of a service pushes before its stack
// exists (terraform/README.md, "Before the first apply in a real account", step 3: "it pushes
// the image, tags it `bootstrap` (the tag the stack's first task definition names) and stops").
const FirstImageTag = "bootstrap"

// firstDeploy models the first `make deploy SERVICE=<stack>` the README runs before a service
// stack: the image tagged FirstImageTag in the service's ECR repository (from the shared
// stack's output ecr_repository_urls). Stacks without a repository there need none.
func (r *rehearsal) firstDeploy(ctx context.Context, env, stack string) error {
	if _, failed := r.failedApply[env+"/shared"]; failed || stack == "shared" {
		return nil
	}
	urls, err := r.output(env, "shared", "ecr_repository_urls")
	if err != nil {
		return err
	}
	m, _ := urls.(map[string]any)
	url, ok := m[stack].(string)
	if !ok {
		return nil
	}
	_, repository, _ := strings.Cut(url, "/")
	_, err = r.step(ctx, env+"/"+stack+" first make deploy pushes the image (modelled)", func(w *stepLog) error {
		fmt.Fprintf(w, "make deploy SERVICE=%s ENV=%s before its stack: image %s:%s pushed\n", stack, env, url, FirstImageTag)
		return r.cfg.Account.PushImage(r.accounts[env], repository, FirstImageTag)
	})
	return err
}

// output reads a root output of a stack from its state in the stand-in; nil when the stack has
// no state or no such output.
func (r *rehearsal) output(env, stack, name string) (any, error) {
	bucket, err := r.s3.Find(stateKey(env, stack))
	if err != nil || bucket == "" {
		return nil, err
	}
	b, err := r.s3.Get(bucket, stateKey(env, stack))
	if err != nil {
		return nil, err
	}
	var state struct {
		Outputs map[string]struct {
			Value any `json:"value"`
		} `json:"outputs"`
	}
	if err := json.Unmarshal(b, &state); err != nil {
		return nil, fmt.Errorf("decode the state of %s/%s: %w", env, stack, err)
	}
	return state.Outputs[name].Value, nil
}

// bootstrap runs the documented first run (terraform/bootstrap/main.tf). It reports false
// when that is an expected failure: nothing of the environment can follow it.
func (r *rehearsal) bootstrap(ctx context.Context, env string) (bool, error) {
	x, err := r.step(ctx, env+"/bootstrap first run as documented", func(w *stepLog) error {
		if err := r.documented(ctx, w, env, r.firstRun); err != nil {
			return err
		}
		return r.stored(env, "bootstrap")
	})
	if err != nil {
		return false, err
	}
	if x != nil {
		r.failedApply[env+"/bootstrap"] = x
		r.report.Skipped = append(r.report.Skipped, fmt.Sprintf("%s: every stack, since the first bootstrap run is an expected failure (%s)", env, x.Reason))
		return false, nil
	}
	r.applied[env+"/bootstrap"] = true
	r.report.StacksApplied = len(r.applied)
	return true, nil
}

// documented runs commands as documented, from terraform/bootstrap for terraform commands,
// answering yes where a person would (-auto-approve, -force-copy) and never prompting.
func (r *rehearsal) documented(ctx context.Context, w io.Writer, env string, cmds []string) error {
	dir := filepath.Join(r.repo, "terraform", "bootstrap")
	for _, c := range cmds {
		fields := strings.Fields(strings.ReplaceAll(c, "<env>", env))
		fmt.Fprintf(w, "$ %s\n", strings.Join(fields, " "))
		var err error
		switch fields[0] {
		case "make":
			err = r.make(ctx, w, env, append(fields[1:], "AUTO_APPROVE=1")...)
		case "terraform":
			args := append([]string{fields[1], "-input=false", "-no-color"}, fields[2:]...)
			switch {
			case fields[1] == "apply":
				args = append(args, "-auto-approve")
			case fields[1] == "init" && slices.Contains(fields, "-migrate-state"):
				args = append(args, "-force-copy")
			}
			err = r.run(ctx, w, env, dir, "terraform", args...)
		default:
			err = fmt.Errorf("cannot run documented command %q", c)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// apply runs make apply of one stack and checks that its state is in the bucket and no lock
// is left behind.
func (r *rehearsal) apply(ctx context.Context, env, stack string) error {
	x, err := r.step(ctx, env+"/"+stack+" apply", func(w *stepLog) error {
		if err := r.make(ctx, w, env, "apply", "ENV="+env, "STACK="+stack, "AUTO_APPROVE=1"); err != nil {
			return err
		}
		return r.stored(env, stack)
	})
	if err != nil {
		return err
	}
	if x != nil {
		r.failedApply[env+"/"+stack] = x
		return nil
	}
	r.applied[env+"/"+stack] = true
	r.report.StacksApplied = len(r.applied)
	return nil
}

// stored checks that the stack's state is in a bucket of the stand-in and that no lock file
// is left: every lock taken was released.
func (r *rehearsal) stored(env, stack string) error {
	bucket, err := r.s3.Find(stateKey(env, stack))
	if err != nil {
		return err
	}
	if bucket == "" {
		return fmt.Errorf("no state %s in any bucket of the S3 stand-in", stateKey(env, stack))
	}
	locks, err := r.s3.Locks()
	if err != nil {
		return err
	}
	if len(locks) > 0 {
		return fmt.Errorf("state locks left behind: %s", strings.Join(locks, ", "))
	}
	r.report.Checks += 2
	return nil
}

// secondPlan plans the stack again through make tf/plan: the plan must be empty. Its JSON
// (the account's values resolved) goes to the policy checker.
func (r *rehearsal) secondPlan(ctx context.Context, env, stack string) error {
	name := env + "/" + stack
	if x, ok := r.failedApply[name]; ok {
		r.report.Skipped = append(r.report.Skipped, fmt.Sprintf("%s second plan and policy: its apply is an expected failure (%s)", name, x.Reason))
		return nil
	}
	var plan *Plan
	x, err := r.step(ctx, name+" second plan is empty", func(w *stepLog) error {
		var err error
		plan, err = r.emptyPlan(ctx, w, env, stack)
		return err
	})
	if err != nil || x != nil {
		return err
	}
	r.report.Checks++
	r.report.Resources += plan.PriorResources()
	if r.policy == "" {
		return nil
	}
	_, err = r.step(ctx, name+" policy on plan JSON", func(w *stepLog) error {
		return r.run(ctx, w, env, r.repo, r.policy, "-plan", r.planJSON(env, stack))
	})
	if err == nil {
		r.report.Checks++
	}
	return err
}

// planJSON is where make tf/plan and make apply leave the JSON of a stack's saved plan.
func (r *rehearsal) planJSON(env, stack string) string {
	return filepath.Join(r.repo, ".local", "tf", env+"-"+stack+".tfplan.json")
}

// emptyPlan plans the stack through make tf/plan and fails unless the plan is empty.
func (r *rehearsal) emptyPlan(ctx context.Context, w *stepLog, env, stack string) (*Plan, error) {
	if err := r.make(ctx, w, env, "tf/plan", "ENV="+env, "STACK="+stack); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(r.planJSON(env, stack))
	if err != nil {
		return nil, fmt.Errorf("make tf/plan left no plan JSON: %w", err)
	}
	plan, err := ParsePlan(b)
	if err != nil {
		return nil, err
	}
	if pending := plan.Pending(); len(pending) > 0 {
		return nil, fmt.Errorf("the plan is not empty:\n  %s", strings.Join(pending, "\n  "))
	}
	return plan, nil
}

// run runs a command in dir with the rehearsal's environment for env ("" for none), its
// output going to w.
func (r *rehearsal) run(ctx context.Context, w io.Writer, env, dir, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = r.environ(env)
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w", filepath.Base(name), strings.Join(args, " "), err)
	}
	return nil
}

// make runs make in the scratch repository.
func (r *rehearsal) make(ctx context.Context, w io.Writer, env string, args ...string) error {
	fmt.Fprintf(w, "$ make %s\n", strings.Join(args, " "))
	return r.run(ctx, w, env, r.repo, "make", append([]string{"--no-print-directory"}, args...)...)
}

// dropped are environment variables the rehearsal never inherits: a surrounding make's, the
// parameters of make apply, terraform's and AWS's configuration.
var dropped = regexp.MustCompile(`^(MAKEFLAGS|MFLAGS|MAKELEVEL|ENV|STACK|ALLOW_DESTROY|AUTO_APPROVE|TF_[A-Z0-9_]*|AWS_[A-Z0-9_]*|TSUMIKI_OFFLINE_AWS_[A-Z_]*)=`)

// environ is the environment of a command for env: terraform installs hashicorp/aws from the
// mirror, the S3 backend signs with dummy static credentials, and the provider simulates the
// environment's account in the shared state directory.
func (r *rehearsal) environ(env string) []string {
	var out []string
	for _, kv := range r.cfg.Environ {
		if !dropped.MatchString(kv) {
			out = append(out, kv)
		}
	}
	out = append(out,
		"TF_CLI_CONFIG_FILE="+r.tfrc,
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"AWS_ACCESS_KEY_ID=rehearsal",
		"AWS_SECRET_ACCESS_KEY=rehearsal",
		"AWS_EC2_METADATA_DISABLED=true",
		account.EnvStateDir+"="+r.cfg.StateDir(),
	)
	if id, ok := r.accounts[env]; ok {
		out = append(out, account.EnvAccountID+"="+id)
	}
	return out
}

// step runs fn as the named step with its output logged, and judges the outcome against the
// expectations. It returns the expected failure the step met, if any, and an error when the
// outcome differs from the list.
func (r *rehearsal) step(ctx context.Context, name string, fn func(w *stepLog) error) (*Expectation, error) {
	r.n++
	logPath := filepath.Join(r.logs, fmt.Sprintf("%02d-%s.log", r.n, strings.NewReplacer("/", "-", " ", "-").Replace(name)))
	w := &stepLog{}
	if r.cfg.Verbose {
		w.echo = r.cfg.Out
	}
	start := time.Now()
	runErr := fn(w)
	if runErr != nil {
		fmt.Fprintf(w, "\n%v\n", runErr)
	}
	buf := &w.buf
	if err := os.WriteFile(logPath, buf.Bytes(), 0o644); err != nil {
		return nil, fmt.Errorf("write the log of %s: %w", name, err)
	}
	if ctx.Err() != nil {
		return nil, fmt.Errorf("%s: %w", name, ctx.Err())
	}
	x, err := r.cfg.Expectations.Judge(name, runErr, buf.String())
	took := time.Since(start).Seconds()
	switch {
	case err != nil && runErr == nil:
		// A listed failure that passed: the step did its work, so the run goes on.
		fmt.Fprintf(r.cfg.Out, "rehearse: %-48s ok, but listed as an expected failure %5.1fs\n", name, took)
		r.fixed = append(r.fixed, err)
		return nil, nil
	case err != nil:
		fmt.Fprintf(r.cfg.Out, "rehearse: %-48s FAIL %5.1fs\n%s\n", name, took, tail(buf.String(), 40))
		return x, fmt.Errorf("%w (log: %s)", err, logPath)
	case x != nil:
		fmt.Fprintf(r.cfg.Out, "rehearse: %-48s expected failure %5.1fs: %s\n", name, took, x.Reason)
		r.report.Expected = append(r.report.Expected, x)
	default:
		fmt.Fprintf(r.cfg.Out, "rehearse: %-48s ok %5.1fs\n", name, took)
	}
	return x, nil
}

// stepLog is the output of one step: kept for the judgement and the log file, and echoed to
// the terminal when the run is verbose.
type stepLog struct {
	buf  bytes.Buffer
	echo io.Writer
}

// Write implements io.Writer.
func (l *stepLog) Write(p []byte) (int, error) {
	if l.echo != nil {
		_, _ = l.echo.Write(p) // the echo is a courtesy; the log is what counts
	}
	return l.buf.Write(p)
}

// String returns everything written so far.
func (l *stepLog) String() string { return l.buf.String() }

// refused checks that a command that must be refused was, with want in the step's output.
func refused(runErr error, w *stepLog, want string) error {
	switch {
	case runErr == nil:
		return errors.New("it was not refused")
	case !strings.Contains(w.String(), want):
		return fmt.Errorf("it failed, but not with %q: %w", want, runErr)
	}
	return nil
}

// stateKey is the state object of a stack: <env>/<stack>/terraform.tfstate.
func stateKey(env, stack string) string { return env + "/" + stack + "/terraform.tfstate" }

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return "    " + strings.Join(lines, "\n    ")
}
