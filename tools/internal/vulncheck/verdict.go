package vulncheck

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// StdlibMode says what a finding in the Go standard library does to the verdict.
type StdlibMode string

const (
	// StdlibWarn reports standard-library findings as warnings (make go/vuln's default).
	StdlibWarn StdlibMode = "warn"
	// StdlibFail fails on them like on any other finding (VULN_STDLIB=fail, the workflow).
	StdlibFail StdlibMode = "fail"
)

// ParseStdlibMode returns the StdlibMode named s, or an error listing the valid values.
func ParseStdlibMode(s string) (StdlibMode, error) {
	switch m := StdlibMode(s); m {
	case StdlibWarn, StdlibFail:
		return m, nil
	}
	return "", fmt.Errorf("unknown stdlib mode %q; one of: %s %s", s, StdlibWarn, StdlibFail)
}

// MaxAcceptanceYears bounds how far ahead an acceptance may expire: a year, so that every
// accepted advisory is reviewed again at least once a year.
const MaxAcceptanceYears = 1

// Policy is how findings are judged.
type Policy struct {
	// Accept are the reviewed acceptances (ParseAcceptances).
	Accept []Acceptance
	// Today is the day the check runs; only its UTC date counts.
	Today time.Time
	// Stdlib says whether standard-library findings warn or fail.
	Stdlib StdlibMode
}

// Outcome is what became of one vulnerability found in one artifact.
type Outcome string

const (
	// Blocked findings fail the check.
	Blocked Outcome = "FAIL"
	// Accepted findings are covered by an acceptance that has not expired.
	Accepted Outcome = "accepted"
	// Warned findings are in the standard library under StdlibWarn.
	Warned Outcome = "warn"
)

// Judged is one vulnerability found in one artifact with its outcome.
type Judged struct {
	// Vuln is the vulnerability found.
	Vuln Vuln
	// Outcome says whether it fails, is accepted or only warns.
	Outcome Outcome
	// Why explains the outcome in a few words (the acceptance's line and expiry, or what to do).
	Why string
}

// ArtifactVerdict is the verdict on one artifact.
type ArtifactVerdict struct {
	// Report is govulncheck's report for the artifact.
	Report Report
	// Judged are its vulnerabilities in the order of Report.Vulns.
	Judged []Judged
}

// Verdict is the outcome of a check over every artifact.
type Verdict struct {
	// Artifacts are the per-artifact verdicts, in the order the reports were given.
	Artifacts []ArtifactVerdict
	// Expired are acceptances past their expiry date; each fails the check.
	Expired []Acceptance
	// TooFar are acceptances expiring more than MaxAcceptanceYears ahead; each fails the check.
	TooFar []Acceptance
	// Unused are acceptances that no artifact needed: their line can go.
	Unused []Acceptance
}

// Evaluate judges the reports against the policy.
func (p Policy) Evaluate(reports []Report) Verdict {
	today := day(p.Today)
	byID := map[string]Acceptance{}
	var v Verdict
	for _, a := range p.Accept {
		byID[a.ID] = a
		switch {
		case today.After(day(a.Expires)):
			v.Expired = append(v.Expired, a)
		case day(a.Expires).After(today.AddDate(MaxAcceptanceYears, 0, 0)):
			v.TooFar = append(v.TooFar, a)
		}
	}
	used := map[string]bool{}
	for _, rep := range reports {
		av := ArtifactVerdict{Report: rep}
		for _, vuln := range rep.Vulns {
			j := Judged{Vuln: vuln}
			a, ok := byID[vuln.ID]
			if ok {
				used[vuln.ID] = true
			}
			switch {
			case ok && today.After(day(a.Expires)):
				j.Outcome, j.Why = Blocked, fmt.Sprintf("its acceptance expired on %s (%s)", a.Expires.Format(DateLayout), a.Where())
			case ok:
				j.Outcome, j.Why = Accepted, fmt.Sprintf("until %s (%s)", a.Expires.Format(DateLayout), a.Where())
			case vuln.Stdlib() && p.Stdlib == StdlibWarn:
				j.Outcome, j.Why = Warned, "fixed by a newer Go toolchain"
			case vuln.Stdlib():
				j.Outcome, j.Why = Blocked, "upgrade Go (VULN_STDLIB=fail)"
			default:
				j.Outcome, j.Why = Blocked, "not accepted in "+acceptFile(p.Accept)
			}
			av.Judged = append(av.Judged, j)
		}
		v.Artifacts = append(v.Artifacts, av)
	}
	for _, a := range p.Accept {
		if !used[a.ID] {
			v.Unused = append(v.Unused, a)
		}
	}
	return v
}

// acceptFile names the acceptance file for messages.
func acceptFile(accept []Acceptance) string {
	if len(accept) > 0 {
		return accept[0].File
	}
	return ".govulncheck-accept"
}

// day truncates t to its UTC date.
func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Failed reports whether the check fails: a blocked finding, or an expired or too distant
// acceptance.
func (v Verdict) Failed() bool {
	return len(v.Blocking()) > 0 || len(v.Expired) > 0 || len(v.TooFar) > 0
}

// Blocking returns "artifact: ID" for every blocked finding, in report order.
func (v Verdict) Blocking() []string {
	var out []string
	for _, av := range v.Artifacts {
		for _, j := range av.Judged {
			if j.Outcome == Blocked {
				out = append(out, av.Report.Artifact+": "+j.Vuln.ID)
			}
		}
	}
	return out
}

// maxSymbols is how many vulnerable symbols Write lists per finding.
const maxSymbols = 3

// Write prints the verdict for people: one block per artifact with a line per finding, then
// the acceptances that need attention and a last line with the result.
func (v Verdict) Write(w io.Writer) {
	warned := map[string]bool{}
	for _, av := range v.Artifacts {
		r := av.Report
		fmt.Fprintf(w, "== %s (Go %s, govulncheck %s): %d vulnerabilities with code in the binary, %d more in its modules without\n",
			r.Artifact, r.GoVersion, r.Scanner, len(r.Vulns), r.NotCalled)
		for _, j := range av.Judged {
			vu := j.Vuln
			found := make([]string, len(vu.Found))
			for i, f := range vu.Found {
				found[i] = f.String()
			}
			fmt.Fprintf(w, "  %-8s %s  %s: %s\n", j.Outcome, vu.ID, vu.Summary, j.Why)
			fmt.Fprintf(w, "           in %s\n", strings.Join(found, ", "))
			if j.Outcome == Blocked {
				syms := vu.Symbols
				more := ""
				if len(syms) > maxSymbols {
					more = fmt.Sprintf(" and %d more", len(syms)-maxSymbols)
					syms = syms[:maxSymbols]
				}
				fmt.Fprintf(w, "           symbols: %s%s\n", strings.Join(syms, ", "), more)
			}
			if j.Outcome == Warned {
				warned[r.Artifact] = true
			}
			if j.Outcome == Accepted {
				for _, f := range vu.Found {
					if f.FixedVersion != "" && !f.Stdlib() {
						fmt.Fprintf(w, "           note: %s has a fix now (%s): upgrade and delete the acceptance\n", f.Module, f.FixedVersion)
					}
				}
			}
		}
	}
	for _, a := range v.Expired {
		fmt.Fprintf(w, "%s: %s expired on %s: review it again (upgrade to a fixed version, or renew the date with the review's reason)\n",
			a.Where(), a.ID, a.Expires.Format(DateLayout))
	}
	for _, a := range v.TooFar {
		fmt.Fprintf(w, "%s: %s expires on %s, more than %d year ahead: accept for at most a year, then review again\n",
			a.Where(), a.ID, a.Expires.Format(DateLayout), MaxAcceptanceYears)
	}
	for _, a := range v.Unused {
		fmt.Fprintf(w, "%s: note: %s is accepted but no artifact checked here has it; remove the line once no artifact does\n",
			a.Where(), a.ID)
	}
	if len(warned) > 0 {
		fmt.Fprintf(w, "WARNING: the Go standard library has known vulnerabilities in %s; upgrade Go to the fixed version above (VULN_STDLIB=fail makes this an error, as in the workflow)\n",
			strings.Join(slices.Sorted(maps.Keys(warned)), ", "))
	}
	switch {
	case v.Failed():
		var parts []string
		if b := v.Blocking(); len(b) > 0 {
			parts = append(parts, "not accepted: "+strings.Join(b, ", "))
		}
		if n := len(v.Expired); n > 0 {
			parts = append(parts, fmt.Sprintf("%d expired acceptance(s)", n))
		}
		if n := len(v.TooFar); n > 0 {
			parts = append(parts, fmt.Sprintf("%d acceptance(s) longer than a year", n))
		}
		fmt.Fprintf(w, "FAILED: %s\n", strings.Join(parts, "; "))
	default:
		fmt.Fprintf(w, "ok: no unaccepted vulnerability in %s\n", strings.Join(v.artifactNames(), ", "))
	}
}

func (v Verdict) artifactNames() []string {
	var out []string
	for _, av := range v.Artifacts {
		out = append(out, av.Report.Artifact)
	}
	return out
}
