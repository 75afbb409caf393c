// Package logtest is the log sink of the services' tests. It keeps what a service logs, for the
// test to read, and fails the test when a line carries an e-mail address (logging.AddressPattern): the design says logs
// hold field names and ids, never addresses or note text (issue 15), and a service's own tests
// are where a new log line first runs.
//
// Use New(t) where a test builds its own logger or server, Check(t, buf) where it already logs
// into a buffer of its own, and Main from TestMain for a package whose tests share one logger:
//
//	var logs logtest.Sink
//
//	func TestMain(m *testing.M) { os.Exit(logtest.Main(m, &logs)) }
//
// Tests that put known personal text (a todo's notes) through a service can also name it with
// Forbid, so that the scan fails on it too.
package logtest

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/tsumiki-dev/tsumiki/libs/kit/logging"
	"github.com/tsumiki-dev/tsumiki/libs/kit/syncbuf"
)

// Sink is an io.Writer for a service's logs under test. The zero value is ready to use and
// safe for concurrent writes and reads.
type Sink struct {
	buf   syncbuf.Buffer
	check Checker
}

// New returns a Sink whose content is scanned when t ends (after the cleanups registered later,
// such as stopping a server that logs to it): every line with an address, or with text passed to
// Forbid, fails t.
func New(t testing.TB) *Sink {
	t.Helper()
	s := &Sink{}
	s.check.logs = s
	t.Cleanup(s.check.report(t))
	return s
}

// Write appends p; it never fails.
func (s *Sink) Write(p []byte) (int, error) { return s.buf.Write(p) }

// String returns everything written so far.
func (s *Sink) String() string { return s.buf.String() }

// Logger returns a JSON logger (as the services log) writing to s.
func (s *Sink) Logger() *slog.Logger { return slog.New(slog.NewJSONHandler(s, nil)) }

// Forbid adds texts that must never appear in the logs; see Checker.Forbid.
func (s *Sink) Forbid(texts ...string) { s.check.Forbid(texts...) }

// Leaks returns the lines that carry an address or a forbidden text; see Checker.Leaks.
func (s *Sink) Leaks() []string {
	s.check.logs = s
	return s.check.Leaks()
}

// Checker scans logs that a test keeps in a buffer of its own (anything with a String method,
// such as a syncbuf.Buffer).
type Checker struct {
	logs fmt.Stringer

	mu        sync.Mutex
	forbidden []string
}

// Check scans logs when t ends, as New's sink is scanned, and returns the check so that the
// test can Forbid texts.
func Check(t testing.TB, logs fmt.Stringer) *Checker {
	t.Helper()
	c := &Checker{logs: logs}
	t.Cleanup(c.report(t))
	return c
}

func (c *Checker) report(t testing.TB) func() {
	return func() {
		for _, l := range c.Leaks() {
			t.Errorf("logtest: personal data in a log line (logs carry field names and ids only): %s", l)
		}
	}
}

// Forbid adds texts that must never appear in the logs, such as a todo's notes a test sends.
// Texts shorter than 8 bytes are refused (they would match by chance) with a panic.
func (c *Checker) Forbid(texts ...string) {
	for _, t := range texts {
		if len(t) < 8 {
			panic(fmt.Sprintf("logtest: forbidden text %q is shorter than 8 bytes", t))
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.forbidden = append(c.forbidden, texts...)
}

// Leaks returns the lines that carry an address or a forbidden text, each with that text
// replaced by a marker, so the report does not repeat it.
func (c *Checker) Leaks() []string {
	c.mu.Lock()
	forbidden := append([]string(nil), c.forbidden...)
	c.mu.Unlock()
	var leaks []string
	for line := range strings.SplitSeq(c.logs.String(), "\n") {
		masked := logging.RedactAddresses(line)
		for _, f := range forbidden {
			masked = strings.ReplaceAll(masked, f, "<forbidden text>")
		}
		if masked != line {
			leaks = append(leaks, masked)
		}
	}
	return leaks
}

// Main runs m's tests (call it from TestMain) and then scans the shared sink: a leak fails
// the run, reported on stderr, exactly as a failed test does. It returns the exit code.
func Main(m *testing.M, s *Sink) int {
	return report(m.Run(), s, os.Stderr)
}

func report(code int, s *Sink, stderr io.Writer) int {
	leaks := s.Leaks()
	for _, l := range leaks {
		fmt.Fprintf(stderr, "logtest: personal data in a log line (logs carry field names and ids only): %s\n", l)
	}
	if len(leaks) > 0 && code == 0 {
		fmt.Fprintln(stderr, "FAIL: the tests' logs carry personal data (libs/kit/logtest)")
		return 1
	}
	return code
}
