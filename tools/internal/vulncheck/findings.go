package vulncheck

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// The JSON stream of govulncheck (golang.org/x/vuln/internal/govulncheck, protocol v1.0.0):
// a sequence of messages, each with exactly one field set. Only what the verdict needs is
// decoded.
type message struct {
	Config  *config  `json:"config"`
	SBOM    *sbom    `json:"SBOM"`
	OSV     *osv     `json:"osv"`
	Finding *finding `json:"finding"`
}

type config struct {
	ProtocolVersion string `json:"protocol_version"`
	ScannerVersion  string `json:"scanner_version"`
	DB              string `json:"db"`
	GoVersion       string `json:"go_version"`
	ScanLevel       string `json:"scan_level"`
	ScanMode        string `json:"scan_mode"`
}

// sbom describes what was scanned; in binary mode it carries the Go version that built the
// binary, which the config message leaves out.
type sbom struct {
	GoVersion string `json:"go_version"`
}

type osv struct {
	ID      string `json:"id"`
	Summary string `json:"summary"`
}

type finding struct {
	OSV          string  `json:"osv"`
	FixedVersion string  `json:"fixed_version"`
	Trace        []frame `json:"trace"`
}

// frame is one frame of a finding's trace; the first is the vulnerable symbol itself.
type frame struct {
	Module   string `json:"module"`
	Version  string `json:"version"`
	Package  string `json:"package"`
	Function string `json:"function"`
	Receiver string `json:"receiver"`
}

// Report is what govulncheck found in one artifact.
type Report struct {
	// Artifact names the artifact checked (todo-api, mailer), for messages.
	Artifact string
	// GoVersion is the Go version whose standard library was checked: in binary mode, the
	// toolchain that built the binary (go1.26.8).
	GoVersion string
	// Scanner is govulncheck's version (v1.9.0).
	Scanner string
	// Vulns are the vulnerabilities whose vulnerable symbols are in the artifact, sorted by ID.
	Vulns []Vuln
	// NotCalled counts the further vulnerabilities of required modules or linked packages
	// whose vulnerable symbols are not in the artifact; they are not judged.
	NotCalled int
}

// Vuln is one vulnerability whose vulnerable code is in an artifact.
type Vuln struct {
	// ID is the Go vulnerability database ID (GO-2026-6872).
	ID string
	// Summary is the advisory's one-line summary; empty when the stream carried no OSV entry.
	Summary string
	// Found are the modules whose vulnerable code is in the artifact, sorted by path: often
	// one, sometimes both the standard library and a golang.org/x module it vendors.
	Found []FoundIn
	// Symbols are the vulnerable symbols found (net/http.Client.Do), sorted, without repeats.
	Symbols []string
}

// FoundIn is a module holding a vulnerability's code in an artifact.
type FoundIn struct {
	// Module is the module path; "stdlib" or "toolchain" for the Go distribution.
	Module string
	// Version is the module's version in the artifact (v0.59.0, or v1.26.8 for the stdlib).
	Version string
	// FixedVersion is the first version with the fix; empty when there is none.
	FixedVersion string
}

// Stdlib reports whether the module is the Go distribution (standard library or toolchain),
// which a newer Go release fixes rather than a change in this repository.
func (f FoundIn) Stdlib() bool { return f.Module == "stdlib" || f.Module == "toolchain" }

// String spells the module as "golang.org/x/net@v0.59.0 (fixed in v0.60.0)".
func (f FoundIn) String() string {
	name := f.Module + "@" + f.Version
	if f.Stdlib() {
		name = "Go standard library " + f.Version
	}
	if f.FixedVersion == "" {
		return name + " (no fixed version)"
	}
	return name + " (fixed in " + f.FixedVersion + ")"
}

// Stdlib reports whether the vulnerability is only in the Go distribution: upgrading Go
// fixes it. One also found in a module of the build list is not.
func (v Vuln) Stdlib() bool {
	for _, f := range v.Found {
		if !f.Stdlib() {
			return false
		}
	}
	return len(v.Found) > 0
}

// ReadFindings decodes the JSON stream of `govulncheck -json` from r into a Report for the
// artifact named artifact. It fails when the stream is not JSON, has no config message, speaks
// a protocol other than v1 or was not scanned at symbol level (the only level that says
// whether vulnerable code is in the artifact).
func ReadFindings(r io.Reader, artifact string) (Report, error) {
	dec := json.NewDecoder(r)
	rep := Report{Artifact: artifact}
	var (
		cfg       *config
		summaries = map[string]string{}
		called    = map[string]*Vuln{}
		seen      = map[string]bool{}
	)
	for {
		var m message
		err := dec.Decode(&m)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Report{}, fmt.Errorf("decode govulncheck JSON for %s: %w", artifact, err)
		}
		switch {
		case m.Config != nil:
			cfg = m.Config
		case m.SBOM != nil:
			rep.GoVersion = m.SBOM.GoVersion
		case m.OSV != nil:
			summaries[m.OSV.ID] = m.OSV.Summary
		case m.Finding != nil:
			f := m.Finding
			seen[f.OSV] = true
			if len(f.Trace) == 0 || f.Trace[0].Function == "" {
				continue // module or package level: the vulnerable symbol is not in the binary
			}
			v := called[f.OSV]
			if v == nil {
				v = &Vuln{ID: f.OSV}
				called[f.OSV] = v
			}
			top := f.Trace[0]
			in := FoundIn{Module: top.Module, Version: top.Version, FixedVersion: f.FixedVersion}
			if !slices.Contains(v.Found, in) {
				v.Found = append(v.Found, in)
			}
			v.Symbols = append(v.Symbols, symbolName(top))
		}
	}
	if cfg == nil {
		return Report{}, fmt.Errorf("govulncheck JSON for %s has no config message: is it govulncheck -json output?", artifact)
	}
	if !strings.HasPrefix(cfg.ProtocolVersion, "v1.") {
		return Report{}, fmt.Errorf("govulncheck JSON for %s speaks protocol %q; this reader knows v1", artifact, cfg.ProtocolVersion)
	}
	if cfg.ScanLevel != "symbol" {
		return Report{}, fmt.Errorf("govulncheck scanned %s at %q level; only symbol level says whether vulnerable code is in it", artifact, cfg.ScanLevel)
	}
	rep.Scanner = cfg.ScannerVersion
	if rep.GoVersion == "" {
		rep.GoVersion = cfg.GoVersion
	}
	for id, v := range called {
		v.Summary = summaries[id]
		slices.SortFunc(v.Found, func(a, b FoundIn) int { return strings.Compare(a.Module, b.Module) })
		slices.Sort(v.Symbols)
		v.Symbols = slices.Compact(v.Symbols)
		rep.Vulns = append(rep.Vulns, *v)
	}
	slices.SortFunc(rep.Vulns, func(a, b Vuln) int { return strings.Compare(a.ID, b.ID) })
	rep.NotCalled = len(seen) - len(called)
	return rep, nil
}

// symbolName spells a frame's symbol as package.Receiver.Function (net/http.Client.Do).
func symbolName(f frame) string {
	name := f.Function
	if f.Receiver != "" {
		name = strings.TrimPrefix(f.Receiver, "*") + "." + name
	}
	if f.Package != "" {
		name = f.Package + "." + name
	}
	return name
}
