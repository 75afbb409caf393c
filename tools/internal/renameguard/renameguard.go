// Package renameguard finds terraform changes that would destroy and recreate resources
// without anyone having asked for it, by comparing two copies of the configuration
// statically (no provider, no state):
//
//   - a resource or module address that disappears without a moved or removed block that
//     accounts for it;
//   - a switch to or from for_each (the instance keys change) without a moved block;
//   - a change to what determines a resource's cloud-side name (name, name_prefix, bucket,
//     identifier, family, the naming module's inputs, a module input that feeds such an
//     argument, ...) on a resource type that cannot be renamed in place.
//
// An acknowledgement file lets an intended replacement through; every entry names the
// directory, the address and the reason, so the intent is reviewed with the change.
package renameguard

import (
	"bufio"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/tsumiki-dev/tsumiki/tools/internal/tfconfig"
)

// Kind classifies a finding.
type Kind string

// The kinds of finding.
const (
	// KindAddressRemoved is an address that disappeared without a moved or removed block.
	KindAddressRemoved Kind = "address-removed"
	// KindRepetition is a switch to or from for_each without a moved block.
	KindRepetition Kind = "repetition-changed"
	// KindNameChange is a change to a resource's cloud-side name.
	KindNameChange Kind = "name-changed"
	// KindModuleInput is a change to a module input that determines names inside the module.
	KindModuleInput Kind = "name-input-changed"
)

// Finding is one unsafe change.
type Finding struct {
	// Kind classifies the finding.
	Kind Kind
	// Dir is the module directory, relative to the repository root; for a finding from the
	// rendered names it is the stack (with ":<tfvars file>" for per-file variants).
	Dir string
	// Address is the resource or module address inside Dir, as it was at the base (a full
	// instance address inside the stack for findings from the rendered names).
	Address string
	// Detail says what changed, in a sentence.
	Detail string
	// Fix is the block to add or the action to take, when evident ("" otherwise).
	Fix string
	// Ack is the acknowledgement that lets the finding through, nil when there is none.
	Ack *Ack
}

// Compare returns the findings for the change from base to head, sorted by directory and
// address.
func Compare(base, head tfconfig.Tree) []Finding {
	var out []Finding
	for _, dir := range base.Dirs() {
		b := base[dir]
		h := head[dir]
		if h == nil {
			if b.Backend {
				for _, addr := range addresses(b) {
					out = append(out, Finding{Kind: KindAddressRemoved, Dir: dir, Address: addr,
						Detail: "the root stack's directory was removed: its resources would be destroyed or orphaned",
						Fix:    "destroy the stack deliberately (make apply with ALLOW_DESTROY) before removing its code"})
				}
			}
			continue
		}
		out = append(out, compareModule(b, h, base, head)...)
	}
	sortFindings(out)
	return out
}

func sortFindings(out []Finding) {
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Dir != out[j].Dir {
			return out[i].Dir < out[j].Dir
		}
		return out[i].Address < out[j].Address
	})
}

// addresses lists a module's managed resources and module calls.
func addresses(m *tfconfig.Module) []string {
	var out []string
	for a, r := range m.Resources {
		if !r.Data {
			out = append(out, a)
		}
	}
	for a := range m.Calls {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// compareModule compares one directory present on both sides.
func compareModule(b, h *tfconfig.Module, base, head tfconfig.Tree) []Finding {
	var out []Finding
	movedTargets := map[string]bool{}
	for _, mv := range h.Moved {
		movedTargets[tfconfig.StripKeys(mv.To)] = true
	}
	for _, addr := range addresses(b) {
		// target is where the object lives in head: the same address or a moved block's to.
		target := ""
		if exists(h, addr) {
			target = addr
		}
		moves := movesFrom(h, addr)
		if target == "" {
			switch {
			case len(moves) > 0:
				target = tfconfig.StripKeys(moves[0].To)
			case contains(h.Removed, addr):
				continue
			default:
				out = append(out, removedFinding(b, h, addr, movedTargets))
				continue
			}
		}
		if f, ok := repetitionFinding(b, h, addr, target, moves); ok {
			out = append(out, f)
		}
		if r := b.Resources[addr]; r != nil {
			if hr := h.Resources[target]; hr != nil {
				out = append(out, nameFindings(b, h, r, hr, base, head)...)
			}
			continue
		}
		if hc := h.Calls[target]; hc != nil {
			out = append(out, inputFindings(b, h, b.Calls[addr], hc, base, head)...)
		}
	}
	return out
}

// exists says whether head declares addr (a managed resource or a module call).
func exists(m *tfconfig.Module, addr string) bool {
	if r, ok := m.Resources[addr]; ok && !r.Data {
		return true
	}
	_, ok := m.Calls[addr]
	return ok
}

// movesFrom returns head's moved blocks whose from is addr or one of its instances.
func movesFrom(m *tfconfig.Module, addr string) []tfconfig.Moved {
	var out []tfconfig.Moved
	for _, mv := range m.Moved {
		if tfconfig.StripKeys(mv.From) == addr {
			out = append(out, mv)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// removedFinding reports addr, gone from head, with the moved block to add when exactly one
// new address of the same kind appeared.
func removedFinding(b, h *tfconfig.Module, addr string, movedTargets map[string]bool) Finding {
	f := Finding{Kind: KindAddressRemoved, Dir: b.Dir, Address: addr}
	var candidates []string
	if r := b.Resources[addr]; r != nil {
		for a, hr := range h.Resources {
			if !hr.Data && hr.Type == r.Type && !exists(b, a) && !movedTargets[a] {
				candidates = append(candidates, a)
			}
		}
	} else if c := b.Calls[addr]; c != nil {
		for a, hc := range h.Calls {
			if !exists(b, a) && !movedTargets[a] && sameSource(b.Dir, c.Source, hc.Source) {
				candidates = append(candidates, a)
			}
		}
	}
	sort.Strings(candidates)
	file := path.Join(b.Dir, "migrations.tf")
	switch len(candidates) {
	case 0:
		f.Detail = fmt.Sprintf("%s was deleted with no removed block: terraform will destroy it", addr)
		f.Fix = fmt.Sprintf("if it should outlive the code, add to %s:\nremoved {\n  from = %s\n\n  lifecycle {\n    destroy = false\n  }\n}\nif it really must be destroyed, acknowledge it", file, addr)
	case 1:
		f.Detail = fmt.Sprintf("%s was renamed to %s with no moved block: terraform will destroy and recreate it", addr, candidates[0])
		f.Fix = fmt.Sprintf("add to %s:\n%s", file, movedBlock(addr, candidates[0]))
	default:
		f.Detail = fmt.Sprintf("%s disappeared with no moved or removed block; new addresses of the same kind: %s", addr, strings.Join(candidates, ", "))
		f.Fix = fmt.Sprintf("add a moved block to %s for the one it became, e.g.:\n%s", file, movedBlock(addr, candidates[0]))
	}
	return f
}

func sameSource(dir, a, b string) bool {
	if la, lb := tfconfig.LocalSource(dir, a), tfconfig.LocalSource(dir, b); la != "" || lb != "" {
		return la == lb
	}
	return a == b
}

func movedBlock(from, to string) string {
	return fmt.Sprintf("moved {\n  from = %s\n  to   = %s\n}", from, to)
}

// repetitionFinding reports a switch to or from for_each (the instance keys change from
// none or [0], [1] to ["key"], or back) that no instance-level moved block covers. Terraform
// itself moves between no repetition and count ([0]), so that switch is fine.
func repetitionFinding(b, h *tfconfig.Module, addr, target string, moves []tfconfig.Moved) (Finding, bool) {
	bFor, hFor := forEach(b, addr), forEach(h, target)
	if bFor == hFor {
		return Finding{}, false
	}
	for _, mv := range moves {
		if mv.From != tfconfig.StripKeys(mv.From) || mv.To != tfconfig.StripKeys(mv.To) {
			return Finding{}, false // instance-level moves: the author mapped the keys
		}
	}
	from, to := "count or no repetition", "for_each"
	fromKey, toKey := addr+"[0]", target+`["<key>"]`
	if bFor {
		from, to = to, from
		fromKey, toKey = addr+`["<key>"]`, target+"[0]"
	}
	return Finding{
		Kind: KindRepetition, Dir: b.Dir, Address: addr,
		Detail: fmt.Sprintf("%s switched from %s to %s: every instance key changes, so terraform will destroy and recreate each instance", addr, from, to),
		Fix:    fmt.Sprintf("add one moved block per existing instance to %s, e.g.:\n%s", path.Join(b.Dir, "migrations.tf"), movedBlock(fromKey, toKey)),
	}, true
}

func forEach(m *tfconfig.Module, addr string) bool {
	if r := m.Resources[addr]; r != nil {
		return r.ForEach
	}
	if c := m.Calls[addr]; c != nil {
		return c.ForEach
	}
	return false
}

// nameFindings compares the name-determining arguments of one resource.
func nameFindings(b, h *tfconfig.Module, r, hr *tfconfig.Resource, base, head tfconfig.Tree) []Finding {
	var changed []string
	for attr := range tfconfig.NameAttributes {
		be, bok := r.Attrs[attr]
		he, hok := hr.Attrs[attr]
		if !bok && !hok {
			continue
		}
		if tfconfig.InPlaceRenames[hr.Type][attr] {
			continue
		}
		bf := fingerprint(base, b, be, bok)
		hf := fingerprint(head, h, he, hok)
		if bf != hf {
			changed = append(changed, attr)
		}
	}
	if len(changed) == 0 {
		return nil
	}
	sort.Strings(changed)
	return []Finding{{
		Kind: KindNameChange, Dir: b.Dir, Address: r.Address,
		Detail: fmt.Sprintf("the cloud-side name of %s (%s) changes (directly or through locals or naming module inputs): %s cannot be renamed in place, so terraform will destroy and recreate it",
			r.Address, strings.Join(changed, ", "), r.Type),
		Fix: "keep the name's inputs as they were, or acknowledge the replacement",
	}}
}

// inputFindings compares the inputs of a call to a local module that determine names of
// resources inside it. Calls to the naming module are skipped: the resources that use its
// output report the change themselves.
func inputFindings(b, h *tfconfig.Module, c, hc *tfconfig.Call, base, head tfconfig.Tree) []Finding {
	callee := tfconfig.LocalSource(h.Dir, hc.Source)
	if callee == "" || isNaming(callee) || head[callee] == nil {
		return nil
	}
	vars := nameVars(head, callee, map[string]bool{})
	var changed []string
	for v := range vars {
		be, bok := c.Args[v]
		he, hok := hc.Args[v]
		if fingerprint(base, b, be, bok) != fingerprint(head, h, he, hok) {
			changed = append(changed, v)
		}
	}
	if len(changed) == 0 {
		return nil
	}
	sort.Strings(changed)
	changedSet := map[string]bool{}
	for _, v := range changed {
		changedSet[v] = true
	}
	return []Finding{{
		Kind: KindModuleInput, Dir: b.Dir, Address: c.Address,
		Detail: fmt.Sprintf("input %s of %s determines the cloud-side names of %s in %s: they would be destroyed and recreated",
			strings.Join(changed, ", "), c.Address, strings.Join(namedBy(head, callee, changedSet, "", map[string]bool{}), ", "), callee),
		Fix: "keep the input as it was, or acknowledge the replacement",
	}}
}

// namedBy lists the resources of module dir (prefixed with the module path, through nested
// local calls) whose names depend on one of the input variables in vars.
func namedBy(tree tfconfig.Tree, dir string, vars map[string]bool, prefix string, visiting map[string]bool) []string {
	m := tree[dir]
	if m == nil || visiting[dir] {
		return nil
	}
	visiting[dir] = true
	defer delete(visiting, dir)
	var out []string
	for _, r := range m.Resources {
		if r.Data {
			continue
		}
		for attr, e := range r.Attrs {
			if !tfconfig.NameAttributes[attr] || tfconfig.InPlaceRenames[r.Type][attr] {
				continue
			}
			deps := map[string]bool{}
			collectVars(tree, m, e, deps, map[string]bool{}, map[string]bool{})
			if intersects(deps, vars) {
				out = append(out, prefix+r.Address)
				break
			}
		}
	}
	for _, c := range m.Calls {
		callee := tfconfig.LocalSource(dir, c.Source)
		if callee == "" || isNaming(callee) {
			continue
		}
		inner := map[string]bool{}
		for arg, e := range c.Args {
			deps := map[string]bool{}
			collectVars(tree, m, e, deps, map[string]bool{}, map[string]bool{})
			if intersects(deps, vars) {
				inner[arg] = true
			}
		}
		if len(inner) > 0 {
			out = append(out, namedBy(tree, callee, inner, prefix+c.Address+".", visiting)...)
		}
	}
	sort.Strings(out)
	return out
}

func intersects(a, b map[string]bool) bool {
	for k := range a {
		if b[k] {
			return true
		}
	}
	return false
}

// isNaming says whether a module directory is the naming module, every input of which
// determines names.
func isNaming(dir string) bool { return path.Base(dir) == "naming" }

// nameVars returns the input variables of module dir that feed a name argument of one of its
// resources, directly, through locals, or through the inputs of the modules it calls.
func nameVars(tree tfconfig.Tree, dir string, visiting map[string]bool) map[string]bool {
	m := tree[dir]
	out := map[string]bool{}
	if m == nil || visiting[dir] {
		return out
	}
	visiting[dir] = true
	defer delete(visiting, dir)
	if isNaming(dir) {
		for v := range m.Variables {
			out[v] = true
		}
		return out
	}
	for _, r := range m.Resources {
		if r.Data {
			continue
		}
		for attr, e := range r.Attrs {
			if tfconfig.NameAttributes[attr] && !tfconfig.InPlaceRenames[r.Type][attr] {
				collectVars(tree, m, e, out, map[string]bool{}, visiting)
			}
		}
	}
	return out
}

// collectVars adds to out the variables e depends on through locals and module inputs.
func collectVars(tree tfconfig.Tree, m *tfconfig.Module, e tfconfig.Expr, out, seen, visiting map[string]bool) {
	for _, ref := range e.Refs {
		if seen[ref] {
			continue
		}
		seen[ref] = true
		root, name, _ := strings.Cut(ref, ".")
		switch root {
		case "var":
			out[name] = true
		case "local":
			if le, ok := m.Locals[name]; ok {
				collectVars(tree, m, le, out, seen, visiting)
			}
		case "module":
			c := m.Calls[ref]
			if c == nil {
				continue
			}
			for arg, ae := range c.Args {
				if callee := tfconfig.LocalSource(m.Dir, c.Source); callee == "" || nameVars(tree, callee, visiting)[arg] {
					collectVars(tree, m, ae, out, seen, visiting)
				}
			}
		}
	}
}

// fingerprint renders an expression with the locals and name-determining module inputs it
// depends on, so that two fingerprints differ when the value could differ.
func fingerprint(tree tfconfig.Tree, m *tfconfig.Module, e tfconfig.Expr, ok bool) string {
	if !ok {
		return "<unset>"
	}
	var b strings.Builder
	writeFingerprint(&b, tree, m, e, map[string]bool{})
	return b.String()
}

func writeFingerprint(b *strings.Builder, tree tfconfig.Tree, m *tfconfig.Module, e tfconfig.Expr, seen map[string]bool) {
	b.WriteString(e.Text)
	for _, ref := range e.Refs {
		if seen[ref] {
			continue
		}
		seen[ref] = true
		root, name, _ := strings.Cut(ref, ".")
		switch root {
		case "local":
			if le, ok := m.Locals[name]; ok {
				fmt.Fprintf(b, " {%s=", ref)
				writeFingerprint(b, tree, m, le, seen)
				b.WriteString("}")
			}
		case "module":
			c := m.Calls[ref]
			if c == nil {
				continue
			}
			callee := tfconfig.LocalSource(m.Dir, c.Source)
			fmt.Fprintf(b, " {%s source=%s", ref, callee)
			args := make([]string, 0, len(c.Args))
			for a := range c.Args {
				args = append(args, a)
			}
			sort.Strings(args)
			var vars map[string]bool
			if callee != "" {
				vars = nameVars(tree, callee, map[string]bool{})
			}
			for _, a := range args {
				if callee == "" || vars[a] {
					fmt.Fprintf(b, " %s=", a)
					writeFingerprint(b, tree, m, c.Args[a], seen)
				}
			}
			b.WriteString("}")
		}
	}
}

// Ack is one line of the acknowledgement file.
type Ack struct {
	// Dir and Address name the finding it lets through (instance keys are ignored).
	Dir, Address string
	// Reason says why the replacement is intended. Required.
	Reason string
	// Line is the line number in the file.
	Line int
	// Used is set when the ack matched a finding.
	Used bool
}

// ParseAcks reads an acknowledgement file: one "<dir> <address> <reason...>" per line, '#'
// starts a comment line. Every malformed line is reported, with its number.
func ParseAcks(r io.Reader) ([]*Ack, error) {
	var acks []*Ack
	var problems []string
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 3 {
			problems = append(problems, fmt.Sprintf("line %d: want \"<dir> <address> <reason>\", got %q", n, line))
			continue
		}
		acks = append(acks, &Ack{Dir: path.Clean(fields[0]), Address: fields[1], Reason: strings.Join(fields[2:], " "), Line: n})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read acknowledgements: %w", err)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("acknowledgement file: %s", strings.Join(problems, "; "))
	}
	return acks, nil
}

// Acknowledge attaches matching acknowledgements to findings and returns the findings left
// unacknowledged.
func Acknowledge(findings []Finding, acks []*Ack) []Finding {
	var open []Finding
	for i := range findings {
		f := &findings[i]
		for _, a := range acks {
			if a.Dir == f.Dir && tfconfig.StripKeys(a.Address) == tfconfig.StripKeys(f.Address) {
				a.Used = true
				f.Ack = a
				break
			}
		}
		if f.Ack == nil {
			open = append(open, *f)
		}
	}
	return open
}

// Write prints findings for a person: what, where, and the fix. It returns the writer's
// error.
func Write(w io.Writer, findings []Finding) error {
	var b strings.Builder
	for _, f := range findings {
		status := "FAIL"
		if f.Ack != nil {
			status = "ACKNOWLEDGED"
		}
		fmt.Fprintf(&b, "%s [%s] %s: %s\n", status, f.Kind, f.Dir, f.Detail)
		if f.Ack != nil {
			fmt.Fprintf(&b, "  acknowledged (line %d): %s\n", f.Ack.Line, f.Ack.Reason)
		} else if f.Fix != "" {
			for _, l := range strings.Split(f.Fix, "\n") {
				fmt.Fprintf(&b, "  %s\n", l)
			}
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write rename guard findings: %w", err)
	}
	return nil
}
