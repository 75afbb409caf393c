package tfpolicy

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// awsProviderAddress is the provider's address in a dependency lock file.
const awsProviderAddress = "registry.terraform.io/hashicorp/aws"

// lockFileName is terraform's dependency lock file, committed in every root stack.
const lockFileName = ".terraform.lock.hcl"

// pinLine finds the one pin of the provider version in mk/tf.mk.
var pinLine = regexp.MustCompile(`(?m)^AWS_PROVIDER_VERSION\s*:?=\s*(\d+)\.(\d+)\.(\d+)\s*$`)

// providerPin reads AWS_PROVIDER_VERSION from root/mk/tf.mk: the version ("6.57.1") and the
// constraint every required_providers block must state ("~> 6.57.0").
func providerPin(root string) (version, constraint string, err error) {
	src, err := os.ReadFile(filepath.Join(root, "mk", "tf.mk"))
	if err != nil {
		return "", "", fmt.Errorf("read the provider pin: %w", err)
	}
	m := pinLine.FindAllStringSubmatch(string(src), -1)
	if len(m) != 1 {
		return "", "", fmt.Errorf("mk/tf.mk must set AWS_PROVIDER_VERSION := X.Y.Z exactly once (found %d)", len(m))
	}
	return m[0][1] + "." + m[0][2] + "." + m[0][3], "~> " + m[0][1] + "." + m[0][2] + ".0", nil
}

// lockedProvider is the hashicorp/aws entry of a lock file.
type lockedProvider struct {
	version, constraints string
	hashes               int
}

// readLock parses a dependency lock file and returns its hashicorp/aws entry, or nil.
func readLock(path string) (*lockedProvider, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	file, diags := hclparse.NewParser().ParseHCL(src, path)
	if diags.HasErrors() {
		return nil, fmt.Errorf("parse %s: %w", path, diags)
	}
	body, ok := file.Body.(*hclsyntax.Body)
	if !ok {
		return nil, fmt.Errorf("parse %s: not native HCL syntax", path)
	}
	for _, b := range body.Blocks {
		if b.Type != "provider" || len(b.Labels) != 1 || b.Labels[0] != awsProviderAddress {
			continue
		}
		lp := &lockedProvider{}
		lp.version, _ = literalString(b.Body, "version")
		lp.constraints, _ = literalString(b.Body, "constraints")
		if attr, ok := b.Body.Attributes["hashes"]; ok {
			lp.hashes = len(literalStrings(attr.Expr))
		}
		return lp, nil
	}
	return nil, nil
}

// awsConstraints returns the version constraint of every hashicorp/aws requirement in d, with
// the block it is in.
func awsConstraints(d *Dir) map[*Block]string {
	out := map[*Block]string{}
	for _, tf := range d.Of("terraform") {
		for _, rp := range nestedBlocks(tf.Body, "required_providers") {
			attr, ok := rp.Body.Attributes["aws"]
			if !ok {
				continue
			}
			obj, ok := attr.Expr.(*hclsyntax.ObjectConsExpr)
			if !ok {
				continue
			}
			for _, item := range obj.Items {
				k, _ := item.KeyExpr.Value(nil)
				if k.Type().FriendlyName() != "string" || k.AsString() != "version" {
					continue
				}
				if v, diags := item.ValueExpr.Value(nil); !diags.HasErrors() && v.Type().FriendlyName() == "string" {
					out[tf] = v.AsString()
				}
			}
		}
	}
	return out
}

// checkProviderLock keeps the provider pin in one place: mk/tf.mk's AWS_PROVIDER_VERSION. Every
// required_providers constraint is "~> <minor>.0" (terraform merges every module's constraints
// into the lock file, so they must agree), and every root stack commits a lock file for
// exactly that version: without it the first `terraform init` of a root writes an untracked
// file, and CI (`init -lockfile=readonly`) refuses a root that has none.
func checkProviderLock(r *Repo) []Finding {
	const id = "provider-lock"
	version, constraint, err := providerPin(r.Root)
	if err != nil {
		return []Finding{{Rule: id, Pos: "mk/tf.mk", Message: err.Error()}}
	}
	var out []Finding
	for _, d := range r.SortedDirs() {
		constraints := awsConstraints(d)
		for _, tf := range d.Of("terraform") {
			if c, ok := constraints[tf]; ok && c != constraint && !tf.Allows(id) {
				out = append(out, finding(id, tf, tf.DefRange(), "hashicorp/aws constraint is %q; it must be %q, from AWS_PROVIDER_VERSION := %s in mk/tf.mk", c, constraint, version))
			}
		}
		if !d.IsRoot() || !usesAWS(r, d, map[string]bool{}) {
			continue
		}
		path := filepath.Join(r.Root, filepath.FromSlash(d.Path), lockFileName)
		pos := d.Path + "/" + lockFileName
		lp, err := readLock(path)
		switch {
		case os.IsNotExist(err):
			out = append(out, Finding{Rule: id, Pos: pos, Message: fmt.Sprintf("root %s has no committed %s; copy the hashicorp/aws %s lock (hashes from the published release) with constraints = %q", d.Path, lockFileName, version, constraint)})
		case err != nil:
			out = append(out, Finding{Rule: id, Pos: pos, Message: err.Error()})
		case lp == nil:
			out = append(out, Finding{Rule: id, Pos: pos, Message: fmt.Sprintf("lock file has no provider %q block", awsProviderAddress)})
		default:
			if lp.version != version {
				out = append(out, Finding{Rule: id, Pos: pos, Message: fmt.Sprintf("lock file pins hashicorp/aws %s; mk/tf.mk pins %s", lp.version, version)})
			}
			if lp.constraints != constraint {
				out = append(out, Finding{Rule: id, Pos: pos, Message: fmt.Sprintf("lock file constraints are %q; terraform would record %q (the root's merged constraints)", lp.constraints, constraint)})
			}
			if lp.hashes == 0 {
				out = append(out, Finding{Rule: id, Pos: pos, Message: "lock file has no hashes; terraform could not verify the provider package"})
			}
		}
	}
	return out
}

// usesAWS reports whether d, or a local module it calls, requires hashicorp/aws or configures
// an aws provider.
func usesAWS(r *Repo, d *Dir, seen map[string]bool) bool {
	if seen[d.Path] {
		return false
	}
	seen[d.Path] = true
	if len(awsConstraints(d)) > 0 || len(d.Of("provider", "aws")) > 0 {
		return true
	}
	for _, m := range d.Of("module") {
		if t := r.ModuleTarget(d, m); t != nil && usesAWS(r, t, seen) {
			return true
		}
	}
	return false
}
