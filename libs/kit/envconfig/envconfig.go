// Package envconfig reads service configuration from environment variables. A Reader collects
// every missing or invalid variable, so a service reports all of its configuration mistakes at
// once, each naming the variable, instead of failing on the first one.
package envconfig

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Reader reads typed values through a getenv function (os.Getenv in production, a map in
// tests) and remembers every problem it meets. Call Err after the last read.
type Reader struct {
	getenv func(string) string
	errs   []error
}

// New returns a Reader over getenv.
func New(getenv func(string) string) *Reader {
	return &Reader{getenv: getenv}
}

// Err returns every problem met so far joined with errors.Join, or nil.
func (r *Reader) Err() error {
	return errors.Join(r.errs...)
}

// Fail records a problem with the variable name, for checks the typed readers cannot express.
func (r *Reader) Fail(name, format string, args ...any) {
	r.errs = append(r.errs, fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...)))
}

func (r *Reader) lookup(name string) string {
	return strings.TrimSpace(r.getenv(name))
}

// Required returns the variable's value, recording an error when it is unset or empty.
func (r *Reader) Required(name string) string {
	v := r.lookup(name)
	if v == "" {
		r.Fail(name, "is required")
	}
	return v
}

// String returns the variable's value, or def when it is unset or empty.
func (r *Reader) String(name, def string) string {
	if v := r.lookup(name); v != "" {
		return v
	}
	return def
}

// OneOf returns the variable's value, or def when unset; a value outside allowed is recorded
// as an error listing the allowed values.
func (r *Reader) OneOf(name, def string, allowed ...string) string {
	v := r.String(name, def)
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	r.Fail(name, "%q is not one of %s", v, strings.Join(allowed, ", "))
	return def
}

// Duration returns the variable parsed with time.ParseDuration (for example "25s"), or def when
// unset. A value that does not parse, or is negative, is recorded as an error.
func (r *Reader) Duration(name string, def time.Duration) time.Duration {
	v := r.lookup(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		r.Fail(name, "%q is not a duration such as 25s or 500ms", v)
		return def
	}
	if d < 0 {
		r.Fail(name, "%q must not be negative", v)
		return def
	}
	return d
}

// Int returns the variable parsed as a base-10 integer within [lo, hi], or def when unset.
func (r *Reader) Int(name string, def, lo, hi int) int {
	v := r.lookup(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		r.Fail(name, "%q is not an integer", v)
		return def
	}
	if n < lo || n > hi {
		r.Fail(name, "%d is out of range [%d, %d]", n, lo, hi)
		return def
	}
	return n
}

// PositiveDuration is Duration for a value that must be greater than zero: zero is recorded as
// an error too.
func (r *Reader) PositiveDuration(name string, def time.Duration) time.Duration {
	d := r.Duration(name, def)
	if d == 0 {
		r.Fail(name, "must be positive, such as 25s or 500ms")
		return def
	}
	return d
}

// RequiredIf is Required when required is true, and String with an empty default otherwise:
// for variables that only some commands need.
func (r *Reader) RequiredIf(name string, required bool) string {
	if required {
		return r.Required(name)
	}
	return r.String(name, "")
}
