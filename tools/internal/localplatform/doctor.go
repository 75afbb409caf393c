package localplatform

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Check is one prerequisite: its name, whether it is present, and what was found or how to
// install it.
type Check struct {
	Name   string
	OK     bool
	Detail string
}

// versionPattern finds the first dotted version number in a tool's output.
var versionPattern = regexp.MustCompile(`\d+(\.\d+)+|\d+`)

// versionAtLeast reports whether the dotted version have is at least want.
func versionAtLeast(have, want string) bool {
	h, w := strings.Split(have, "."), strings.Split(want, ".")
	for i := range w {
		var hv int
		if i < len(h) {
			hv, _ = strconv.Atoi(h[i])
		}
		wv, _ := strconv.Atoi(w[i])
		if hv != wv {
			return hv > wv
		}
	}
	return true
}

// toolVersion runs name with args and returns the first version number it prints.
func toolVersion(name string, args ...string) (string, error) {
	// Standard output only: wrappers (Debian's chromium script) may warn on standard error.
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		return "", fmt.Errorf("%s %s: %w", name, strings.Join(args, " "), err)
	}
	return versionPattern.FindString(string(out)), nil
}

// checkVersion checks that name exists with a version of at least want.
func checkVersion(name, want, hint string, args ...string) Check {
	if _, err := exec.LookPath(name); err != nil {
		return Check{name, false, hint}
	}
	v, err := toolVersion(name, args...)
	if err != nil || v == "" || !versionAtLeast(v, want) {
		return Check{name, false, fmt.Sprintf("%s (found %q)", hint, v)}
	}
	return Check{name, true, v}
}

// PlatformChecks are the prerequisites of deps/up and make dev.
func (p *Platform) PlatformChecks() []Check {
	var checks []Check
	if p.external() {
		checks = append(checks, Check{"postgresql", true, "DATABASE_URL is set: using that server"})
	} else {
		checks = append(checks, checkPostgres())
	}
	checks = append(checks,
		checkVersion("node", "20", "Node.js 20 or newer is required for the local AWS stand-ins: apt-get install nodejs npm", "--version"),
		checkVersion("npm", "1", "npm is required to install the pinned stand-ins (package-lock.json): apt-get install npm", "--version"),
		p.checkGo(),
	)
	return checks
}

// checkPostgres checks for PostgreSQL 15 or newer and, as root, the postgres user.
func checkPostgres() Check {
	bin, err := FindPGBin()
	if err != nil {
		return Check{"postgresql", false, err.Error()}
	}
	v, err := toolVersion(filepath.Join(bin, "postgres"), "--version")
	if err != nil || !versionAtLeast(v, "15") {
		return Check{"postgresql", false, fmt.Sprintf("PostgreSQL 15 or newer is required, found %q in %s: apt-get install postgresql-15", v, bin)}
	}
	if isRoot() {
		if _, err := exec.LookPath("runuser"); err != nil {
			return Check{"runuser", false, "running as root needs runuser to drop to the postgres user: apt-get install util-linux"}
		}
		if exec.Command("id", "postgres").Run() != nil {
			return Check{"postgresql", false, "running as root needs the 'postgres' system user (initdb refuses root): apt-get install postgresql creates it"}
		}
	}
	return Check{"postgresql", true, v + " (" + bin + ")"}
}

// checkGo checks the go command against go.work's go line.
func (p *Platform) checkGo() Check {
	want := "1.26"
	if raw, err := os.ReadFile(filepath.Join(p.cfg.Root, "go.work")); err == nil {
		if m := regexp.MustCompile(`(?m)^go (\S+)`).FindStringSubmatch(string(raw)); m != nil {
			want = m[1]
		}
	}
	return checkVersion("go", want, fmt.Sprintf("Go %s or newer is required (go.work): install it from go.dev/dl into /usr/local/go", want), "env", "GOVERSION")
}

// AllChecks are every prerequisite of the repository: the platform's plus git, make,
// terraform and chromium.
func (p *Platform) AllChecks() []Check {
	return append(p.PlatformChecks(),
		checkVersion("git", "2", "git is required: apt-get install git", "--version"),
		checkVersion("make", "4", "GNU make 4 or newer is required: apt-get install make", "--version"),
		checkVersion("terraform", "1.11", "terraform ~> 1.11 is required for tf/* and the fmt check: install terraform 1.11 into /usr/local/bin", "version"),
		checkVersion("chromium", "1", "Debian's chromium is required by docs/lint and the end-to-end tests: apt-get install chromium", "--version"),
	)
}

// ReportChecks writes one line per check and returns an error naming how many are missing.
func ReportChecks(w io.Writer, checks []Check) error {
	missing := 0
	for _, c := range checks {
		state := "ok"
		if !c.OK {
			state = "MISSING"
			missing++
		}
		fmt.Fprintf(w, "  %-8s %-12s %s\n", state, c.Name, c.Detail)
	}
	if missing > 0 {
		return fmt.Errorf("%d prerequisite(s) missing: install them as shown above, then run `make doctor` again", missing)
	}
	return nil
}

// checkPrerequisites fails with the missing prerequisites of deps/up, one per line.
func (p *Platform) checkPrerequisites() error {
	var errs []error
	for _, c := range p.PlatformChecks() {
		if !c.OK {
			errs = append(errs, fmt.Errorf("missing %s: %s", c.Name, c.Detail))
		}
	}
	if len(errs) > 0 {
		errs = append(errs, errors.New("install what is listed above (`make doctor` checks everything), then try again"))
	}
	return errors.Join(errs...)
}
