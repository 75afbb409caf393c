package rehearse

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Edit is a change the rehearsal makes to the scratch copy to show that the guards stop it:
// every match of Pattern in the .tf files of Dir is replaced by Replace. The rehearsal fails
// when the pattern matches nothing, so a case that no longer applies to the code is noticed.
type Edit struct {
	// Stack is the stack the change reaches (make apply ENV=<env> STACK=<Stack>).
	Stack string
	// Dir is the module directory to edit, relative to the repository.
	Dir string
	// Pattern and Replace are a regexp.ReplaceAll pair.
	Pattern, Replace string
	// What says what the change does, for the step names.
	What string
	// WantReplaced is text one of the replaced addresses must contain (a replacement case).
	WantReplaced string
}

// The default guard cases (Config.Rename, Config.Replace). They edit terraform/stacks/database: its security group is an ordinary
// resource (a rename without a moved block destroys and recreates it), and db_name forces a new
// DB instance (hashicorp/aws: aws_db_instance db_name is ForceNew), a stateful replacement.
var (
	// DefaultRename renames the database's client security group without a moved block.
	DefaultRename = Edit{
		Stack: "database", Dir: "terraform/stacks/database",
		Pattern: `(resource "aws_security_group" "client"|aws_security_group\.client\b)`,
		What:    "rename without moved",
	}
	// DefaultReplace renames the database (db_name), which replaces the DB instance.
	DefaultReplace = Edit{
		Stack: "database", Dir: "terraform/stacks/database",
		Pattern: `(database_name\s*=\s*)"tsumiki"`, Replace: `${1}"tsumiki_rehearsal"`,
		What: "stateful replacement", WantReplaced: "aws_db_instance.",
	}
)

// apply edits the files and returns a function that restores them.
func (e Edit) apply(repo string) (func() error, error) {
	paths, err := filepath.Glob(filepath.Join(repo, e.Dir, "*.tf"))
	if err != nil {
		return nil, fmt.Errorf("edit %s: %w", e.Dir, err)
	}
	re, err := regexp.Compile(e.Pattern)
	if err != nil {
		return nil, fmt.Errorf("edit %s: %w", e.Dir, err)
	}
	originals := map[string][]byte{}
	restore := func() error {
		for p, b := range originals {
			if err := os.WriteFile(p, b, 0o644); err != nil {
				return fmt.Errorf("restore %s: %w", p, err)
			}
		}
		return nil
	}
	for _, p := range paths {
		if strings.HasSuffix(p, "_override.tf") {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return restore, fmt.Errorf("edit %s: %w", p, err)
		}
		var changed []byte
		if e.Replace != "" {
			changed = re.ReplaceAll(b, []byte(e.Replace))
		} else {
			// A rename: "_renamed" after the name, in the block label and every reference.
			changed = re.ReplaceAllFunc(b, func(m []byte) []byte {
				if bytes.HasSuffix(m, []byte(`"`)) {
					return append(m[:len(m)-1:len(m)-1], []byte(`_renamed"`)...)
				}
				return append(m[:len(m):len(m)], []byte("_renamed")...)
			})
		}
		if bytes.Equal(changed, b) {
			continue
		}
		originals[p] = b
		if err := os.WriteFile(p, changed, 0o644); err != nil {
			return restore, fmt.Errorf("edit %s: %w", p, err)
		}
	}
	if len(originals) == 0 {
		return restore, fmt.Errorf("the %s case finds nothing to change in %s (%s); update it in tools/internal/rehearse/guards.go", e.What, e.Dir, e.Pattern)
	}
	return restore, nil
}

// guardCases shows on a disposable environment that the guards stop destructive changes before
// apply, and that a named replacement goes through: a held lock, a rename without moved, a
// stateful replacement.
func (r *rehearsal) guardCases(ctx context.Context, env string) error {
	if err := r.heldLock(ctx, env, r.order[0]); err != nil {
		return err
	}
	for _, c := range []Edit{r.cfg.Rename, r.cfg.Replace} {
		if x, ok := r.failedApply[env+"/"+c.Stack]; ok {
			r.report.Skipped = append(r.report.Skipped, fmt.Sprintf("%s/%s guard cases: its apply is an expected failure (%s)", env, c.Stack, x.Reason))
			return nil
		}
	}
	if err := r.renameRefused(ctx, env); err != nil {
		return err
	}
	return r.replacement(ctx, env)
}

// heldLock shows use_lockfile at work: while another run holds the stack's lock file, make
// tf/plan stops.
func (r *rehearsal) heldLock(ctx context.Context, env, stack string) error {
	_, err := r.step(ctx, env+"/"+stack+" a held state lock stops make tf/plan", func(w *stepLog) error {
		bucket, err := r.s3.Find(stateKey(env, stack))
		if err != nil {
			return err
		}
		if bucket == "" {
			return fmt.Errorf("no state %s to lock", stateKey(env, stack))
		}
		lock := stateKey(env, stack) + ".tflock"
		info := `{"ID":"00000000-0000-0000-0000-000000000000","Operation":"OperationTypeApply","Who":"another-engineer@laptop","Version":"1.11.4","Created":"2026-01-01T00:00:00Z","Path":"` + bucket + "/" + stateKey(env, stack) + `"}`
		if err := r.s3.Put(bucket, lock, []byte(info)); err != nil {
			return err
		}
		runErr := r.make(ctx, w, env, "tf/plan", "ENV="+env, "STACK="+stack)
		if err := r.s3.Delete(bucket, lock); err != nil {
			return err
		}
		if err := refused(runErr, w, "Error acquiring the state lock"); err != nil {
			return err
		}
		if !strings.Contains(w.String(), "another-engineer@laptop") {
			return fmt.Errorf("the lock error does not name the holder")
		}
		return nil
	})
	if err == nil {
		r.report.Checks++
	}
	return err
}

// renameRefused renames a resource without a moved block: the rename guard (make tf/guard)
// and the destroy guard of make apply both stop it, and the state is untouched.
func (r *rehearsal) renameRefused(ctx context.Context, env string) error {
	c := r.cfg.Rename
	name := env + "/" + c.Stack + " " + c.What
	restore, err := c.apply(r.repo)
	defer func() { _ = restore() }() // restored below too; this covers early returns
	if err != nil {
		return err
	}
	if _, err := r.step(ctx, name+": make tf/guard refuses", func(w *stepLog) error {
		return refused(r.make(ctx, w, env, "tf/guard"), w, "unacknowledged destructive change")
	}); err != nil {
		return err
	}
	r.report.Checks++
	if _, err := r.step(ctx, name+": make apply refuses", func(w *stepLog) error {
		return r.unchanged(env, c.Stack, func() error {
			return refused(r.make(ctx, w, env, "apply", "ENV="+env, "STACK="+c.Stack, "AUTO_APPROVE=1"), w, "the destroy guard refused this plan")
		})
	}); err != nil {
		return err
	}
	r.report.Checks++
	return restore()
}

// replacement changes an argument that replaces the database: make apply refuses it, applies
// it once ALLOW_DESTROY names the replaced addresses, and the committed code goes back the
// same way, leaving an empty plan.
func (r *rehearsal) replacement(ctx context.Context, env string) error {
	c := r.cfg.Replace
	name := env + "/" + c.Stack + " " + c.What
	restore, err := c.apply(r.repo)
	defer func() { _ = restore() }() // restored below too; this covers early returns
	if err != nil {
		return err
	}
	var replaced []string
	if _, err := r.step(ctx, name+": make apply refuses", func(w *stepLog) error {
		return r.unchanged(env, c.Stack, func() error {
			if err := refused(r.make(ctx, w, env, "apply", "ENV="+env, "STACK="+c.Stack, "AUTO_APPROVE=1"), w, "the destroy guard refused this plan"); err != nil {
				return err
			}
			b, err := os.ReadFile(r.planJSON(env, c.Stack))
			if err != nil {
				return fmt.Errorf("read the refused plan: %w", err)
			}
			plan, err := ParsePlan(b)
			if err != nil {
				return err
			}
			replaced = plan.Replaced()
			for _, a := range replaced {
				if strings.Contains(a, c.WantReplaced) {
					fmt.Fprintf(w, "replaced: %s\n", strings.Join(replaced, ", "))
					return nil
				}
			}
			return fmt.Errorf("the plan replaces %v, none of them %s", replaced, c.WantReplaced)
		})
	}); err != nil {
		return err
	}
	r.report.Checks++
	allow := "ALLOW_DESTROY=" + strings.Join(replaced, ",")
	if _, err := r.step(ctx, name+": make apply "+allow+" applies", func(w *stepLog) error {
		return r.make(ctx, w, env, "apply", "ENV="+env, "STACK="+c.Stack, "AUTO_APPROVE=1", allow)
	}); err != nil {
		return err
	}
	r.report.Checks++
	if err := restore(); err != nil {
		return err
	}
	if _, err := r.step(ctx, env+"/"+c.Stack+" back to the committed code with ALLOW_DESTROY", func(w *stepLog) error {
		if err := r.make(ctx, w, env, "apply", "ENV="+env, "STACK="+c.Stack, "AUTO_APPROVE=1", allow); err != nil {
			return err
		}
		_, err := r.emptyPlan(ctx, w, env, c.Stack)
		return err
	}); err != nil {
		return err
	}
	r.report.Checks += 2
	return nil
}

// unchanged runs fn and fails when the stack's state object changed meanwhile.
func (r *rehearsal) unchanged(env, stack string, fn func() error) error {
	key := stateKey(env, stack)
	bucket, err := r.s3.Find(key)
	if err != nil {
		return err
	}
	if bucket == "" {
		return fmt.Errorf("no state %s", key)
	}
	before, err := r.s3.Get(bucket, key)
	if err != nil {
		return err
	}
	if err := fn(); err != nil {
		return err
	}
	after, err := r.s3.Get(bucket, key)
	if err != nil {
		return err
	}
	if !bytes.Equal(before, after) {
		return fmt.Errorf("the refused apply changed the state s3://%s/%s", bucket, key)
	}
	return nil
}

// protectedReplacement shows prevent_destroy at work where the environment keeps data: the
// same replacement, merged to main (committed and pushed, as a reviewed change is), stops at
// plan even with ALLOW_DESTROY naming the database, and the state is untouched.
func (r *rehearsal) protectedReplacement(ctx context.Context, env string) error {
	c := r.cfg.Replace
	if x, ok := r.failedApply[env+"/"+c.Stack]; ok {
		r.report.Skipped = append(r.report.Skipped, fmt.Sprintf("%s/%s prevent_destroy case: its apply is an expected failure (%s)", env, c.Stack, x.Reason))
		return nil
	}
	var allow []string
	state, err := r.state(env, c.Stack)
	if err != nil {
		return err
	}
	for _, a := range StateAddresses(state) {
		if strings.Contains(a, c.WantReplaced) {
			allow = append(allow, a)
		}
	}
	restore, err := c.apply(r.repo)
	defer func() { _ = restore() }() // reset below too; this covers early returns
	if err != nil {
		return err
	}
	_, err = r.step(ctx, env+"/"+c.Stack+" "+c.What+" merged: prevent_destroy stops make apply ALLOW_DESTROY=...", func(w *stepLog) error {
		for _, args := range [][]string{{"commit", "-q", "-a", "--no-verify", "-m", "rehearsal: " + c.What}, {"push", "-q", "origin", "HEAD:main"}} {
			if _, err := Git(ctx, r.repo, args...); err != nil {
				return err
			}
		}
		runErr := r.unchanged(env, c.Stack, func() error {
			return refused(r.make(ctx, w, env, "apply", "ENV="+env, "STACK="+c.Stack, "AUTO_APPROVE=1", "ALLOW_DESTROY="+strings.Join(allow, ",")), w, "Instance cannot be destroyed")
		})
		for _, args := range [][]string{{"reset", "-q", "--hard", "HEAD~1"}, {"push", "-q", "-f", "origin", "HEAD:main"}} {
			if _, err := Git(ctx, r.repo, args...); err != nil {
				return err
			}
		}
		return runErr
	})
	if err == nil {
		r.report.Checks++
	}
	return err
}

// state returns a stack's state object from the stand-in.
func (r *rehearsal) state(env, stack string) ([]byte, error) {
	key := stateKey(env, stack)
	bucket, err := r.s3.Find(key)
	if err != nil {
		return nil, err
	}
	if bucket == "" {
		return nil, fmt.Errorf("no state %s", key)
	}
	return r.s3.Get(bucket, key)
}
