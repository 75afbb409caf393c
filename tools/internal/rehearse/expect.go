package rehearse

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Expectation is one step that fails today for a known reason: the fresh-account defects the
// offline provider makes visible before their fixes land (issue 12). It is strict: the step
// must fail, with output containing Match; the day it passes, the rehearsal fails and says to
// remove the line.
type Expectation struct {
	// Step is the step's name as the rehearsal prints it, e.g. "stg/mailer apply".
	Step string
	// Match is text the step's output must contain (terraform's or the provider's message).
	Match string
	// Reason says why it fails and which change fixes it.
	Reason string
	// Line is the line of the list it came from.
	Line int
	seen bool
}

// String renders the expectation as the rehearsal prints it.
func (e *Expectation) String() string {
	return fmt.Sprintf("expected failure: %s: %s (output has %q)", e.Step, e.Reason, e.Match)
}

// Expectations is the list of expected failures, read from a file with one per line:
//
//	<step> | <text the failure output contains> | <reason>
//
// A step written "*/<stack> <what>" stands for that step in every environment: each of them
// must fail. Blank lines and lines starting with # are comments.
type Expectations struct {
	// Source names the list in messages (the file path).
	Source string
	list   []*Expectation
}

// ParseExpectations reads the list; a malformed or repeated line is an error.
func ParseExpectations(source string, r io.Reader) (*Expectations, error) {
	e := &Expectations{Source: source}
	sc := bufio.NewScanner(r)
	steps := map[string]int{}
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "|")
		if len(parts) != 3 {
			return nil, fmt.Errorf("%s:%d: want <step> | <text the output contains> | <reason>, got %q", source, n, line)
		}
		x := &Expectation{Step: strings.TrimSpace(parts[0]), Match: strings.TrimSpace(parts[1]), Reason: strings.TrimSpace(parts[2]), Line: n}
		if x.Step == "" || x.Match == "" || x.Reason == "" {
			return nil, fmt.Errorf("%s:%d: step, text and reason must all be set", source, n)
		}
		if prev, ok := steps[x.Step]; ok {
			return nil, fmt.Errorf("%s:%d: step %q is already listed on line %d", source, n, x.Step, prev)
		}
		steps[x.Step] = n
		e.list = append(e.list, x)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", source, err)
	}
	return e, nil
}

// matches tells whether the expectation is about step ("*/" stands for any environment).
func (e *Expectation) matches(step string) bool {
	if rest, ok := strings.CutPrefix(e.Step, "*/"); ok {
		env, after, found := strings.Cut(step, "/")
		return found && env != "" && after == rest
	}
	return e.Step == step
}

// ErrUnexpected marks a step whose outcome differs from the list: a failure nobody expected, a
// failure with another message, or an expected failure that passed.
var ErrUnexpected = errors.New("unexpected outcome")

// Judge decides a step's outcome from its error (nil: it passed) and output. It returns the
// expectation the step met (nil when none was listed) and an error wrapping ErrUnexpected when
// the outcome differs from the list. An expected failure that happened returns no error.
func (e *Expectations) Judge(step string, runErr error, output string) (*Expectation, error) {
	var x *Expectation
	for _, c := range e.list {
		if c.matches(step) {
			x = c
		}
	}
	if x == nil {
		if runErr != nil {
			return nil, fmt.Errorf("%s failed: %w: %w", step, runErr, ErrUnexpected)
		}
		return nil, nil
	}
	x.seen = true
	switch {
	case runErr == nil:
		return x, fmt.Errorf("%s passed, but %s:%d lists it as an expected failure (%s); it is fixed: remove that line: %w",
			step, e.Source, x.Line, x.Reason, ErrUnexpected)
	case !strings.Contains(output, x.Match):
		return x, fmt.Errorf("%s failed, but not as %s:%d expects (output lacks %q): %w: %w",
			step, e.Source, x.Line, x.Match, runErr, ErrUnexpected)
	}
	return x, nil
}

// Unseen returns the expectations whose step never ran: the list names a step the rehearsal
// no longer has (or did not reach), so the line is stale.
func (e *Expectations) Unseen() []*Expectation {
	var out []*Expectation
	for _, x := range e.list {
		if !x.seen {
			out = append(out, x)
		}
	}
	return out
}

// All returns every expectation in list order.
func (e *Expectations) All() []*Expectation {
	return append([]*Expectation(nil), e.list...)
}
