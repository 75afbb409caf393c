package vulncheck

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
)

// DateLayout is the layout of an acceptance's expiry date: 2027-03-31.
const DateLayout = time.DateOnly

// idPattern matches a Go vulnerability database ID (GO-2026-6872).
var idPattern = regexp.MustCompile(`^GO-[0-9]{4}-[0-9]{4,}$`)

// Acceptance is one reviewed, accepted advisory: a line of .govulncheck-accept.
type Acceptance struct {
	// ID is the advisory's Go vulnerability database ID, GO-YYYY-NNNN.
	ID string
	// Expires is the last day (UTC) the acceptance holds; from the day after, it fails.
	Expires time.Time
	// Reason says why the vulnerability does not hurt us and how it is mitigated.
	Reason string
	// File and Line locate the acceptance (Line counts from 1), for messages.
	File string
	// Line is the acceptance's line number in File, from 1.
	Line int
}

// Where returns "file:line" for messages about the acceptance.
func (a Acceptance) Where() string { return fmt.Sprintf("%s:%d", a.File, a.Line) }

// ParseAcceptances reads the acceptances of r, a .govulncheck-accept file named name (for
// messages). It reports every malformed line at once (errors.Join), each error starting with
// "name:line:": a missing or malformed ID, date or reason, and an ID listed twice. A read
// error is returned wrapped.
func ParseAcceptances(r io.Reader, name string) ([]Acceptance, error) {
	var (
		out  []Acceptance
		errs []error
		seen = map[string]int{}
	)
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		bad := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("%s:%d: %s", name, n, fmt.Sprintf(format, args...)))
		}
		fields := strings.Fields(line)
		id := fields[0]
		if !idPattern.MatchString(id) {
			bad("%q is not an advisory ID (GO-YYYY-NNNN); a line is: ID  YYYY-MM-DD  reason", id)
			continue
		}
		if len(fields) < 2 {
			bad("%s has no expiry date; a line is: ID  YYYY-MM-DD  reason", id)
			continue
		}
		expires, err := time.Parse(DateLayout, fields[1])
		if err != nil {
			bad("%s: expiry %q is not a date (YYYY-MM-DD); a line is: ID  YYYY-MM-DD  reason", id, fields[1])
			continue
		}
		if len(fields) < 3 {
			bad("%s has no reason: say why it does not hurt us and how it is mitigated", id)
			continue
		}
		if first, dup := seen[id]; dup {
			bad("%s is already accepted on line %d; keep one line per advisory", id, first)
			continue
		}
		seen[id] = n
		out = append(out, Acceptance{
			ID:      id,
			Expires: expires,
			Reason:  strings.Join(fields[2:], " "),
			File:    name,
			Line:    n,
		})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}
