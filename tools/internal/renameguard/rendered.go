package renameguard

import (
	"fmt"

	"github.com/tsumiki-dev/tsumiki/tools/internal/namestability"
	"github.com/tsumiki-dev/tsumiki/tools/internal/tfconfig"
)

// The static comparison follows names through locals and module inputs inside the code, but
// not through values that only meet at evaluation: per-environment data, module defaults,
// tfvars. The rendered names (namestability) close that gap, and settle the static findings
// they can: a name that renders identically on both sides did not change.

func entryKey(e namestability.Entry) string {
	return e.Stack + "\x00" + e.Address + "\x00" + e.Attribute
}

// RenderedFindings reports names that render differently at base and head, for resources that
// cannot be renamed in place. Names unknown on either side, and resources the static findings
// already report, are skipped.
func RenderedFindings(static []Finding, base, head []namestability.Entry) []Finding {
	covered := map[string]bool{}
	for _, f := range static {
		covered[f.Dir+"\x00"+f.Address] = true
	}
	before := map[string]namestability.Entry{}
	for _, e := range base {
		before[entryKey(e)] = e
	}
	var out []Finding
	for _, h := range head {
		b, ok := before[entryKey(h)]
		if !ok || b.Value == h.Value || b.Value == namestability.Unknown || h.Value == namestability.Unknown {
			continue
		}
		if tfconfig.InPlaceRenames[h.Type][h.Attribute] || covered[h.Dir+"\x00"+h.Resource] || coveredVia(covered, h.Via) {
			continue
		}
		out = append(out, Finding{
			Kind: KindNameChange, Dir: h.Stack, Address: h.Address,
			Detail: fmt.Sprintf("the cloud-side name of %s (%s) changes from %q to %q: %s cannot be renamed in place, so terraform will destroy and recreate it",
				h.Address, h.Attribute, b.Value, h.Value, h.Type),
			Fix: "keep the values that make up the name as they were, or acknowledge the replacement",
		})
	}
	return out
}

func coveredVia(covered map[string]bool, via []string) bool {
	for _, v := range via {
		var dir, call string
		if _, err := fmt.Sscanf(v, "%s %s", &dir, &call); err == nil && covered[dir+"\x00"+call] {
			return true
		}
	}
	return false
}

// Refine drops the static name findings that the rendered names disprove: every instance of
// the resource (or, for a module input, every resource reached through that call) rendered on
// both sides, all names known, and all equal.
func Refine(findings []Finding, base, head []namestability.Entry) []Finding {
	var out []Finding
	for _, f := range findings {
		if (f.Kind == KindNameChange || f.Kind == KindModuleInput) && unchanged(f, base, head) {
			continue
		}
		out = append(out, f)
	}
	return out
}

func unchanged(f Finding, base, head []namestability.Entry) bool {
	relevant := func(e namestability.Entry) bool {
		if f.Kind == KindNameChange {
			return e.Dir == f.Dir && e.Resource == f.Address
		}
		for _, v := range e.Via {
			if v == f.Dir+" "+f.Address {
				return true
			}
		}
		return false
	}
	collect := func(entries []namestability.Entry) (map[string]string, bool) {
		m := map[string]string{}
		for _, e := range entries {
			if !relevant(e) {
				continue
			}
			if e.Value == namestability.Unknown {
				return nil, false
			}
			m[entryKey(e)] = e.Value
		}
		return m, len(m) > 0
	}
	b, okB := collect(base)
	h, okH := collect(head)
	if !okB || !okH || len(b) != len(h) {
		return false
	}
	for k, v := range b {
		if h[k] != v {
			return false
		}
	}
	return true
}

// Check compares the terraform under baseRoot with the one under headRoot (both holding the
// given subdirectories, e.g. terraform and modules): the static comparison, refined and
// completed by the rendered names of every stack. Findings are sorted by directory and address.
func Check(baseRoot, headRoot string, subs ...string) ([]Finding, error) {
	baseTree, err := tfconfig.LoadTree(baseRoot, subs...)
	if err != nil {
		return nil, fmt.Errorf("read base: %w", err)
	}
	headTree, err := tfconfig.LoadTree(headRoot, subs...)
	if err != nil {
		return nil, fmt.Errorf("read working tree: %w", err)
	}
	static := Compare(baseTree, headTree)
	baseNames, err := namestability.Render(baseRoot)
	if err != nil {
		return nil, fmt.Errorf("render base names: %w", err)
	}
	headNames, err := namestability.Render(headRoot)
	if err != nil {
		return nil, fmt.Errorf("render working tree names: %w", err)
	}
	findings := Refine(static, baseNames.Entries, headNames.Entries)
	findings = append(findings, RenderedFindings(findings, baseNames.Entries, headNames.Entries)...)
	sortFindings(findings)
	return findings, nil
}
