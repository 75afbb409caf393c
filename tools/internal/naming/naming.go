// Package naming is the Go port of the terraform module modules/naming: it computes cloud
// resource names as <project>-<env>-<service>-<component>[-<attribute>...], shortened past a
// length limit with a stable hash suffix.
//
// Terraform stays the source of truth for cloud names; this port exists so that tools that
// create the same resources locally (tools/internal/localcloud, used by `make deps/up`)
// compute exactly the names terraform would for env = local. A parity test runs the terraform
// module and this port on the same inputs and compares the results.
package naming

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

const (
	// DefaultProject is the project part of every name unless Input.Project says otherwise.
	DefaultProject = "tsumiki"
	// DefaultMaxLength is the longest name produced unless Input.MaxLength says otherwise.
	DefaultMaxLength = 64
	// hashLength is the number of hex digits of sha256(full name) that end a shortened name.
	hashLength = 8
)

var (
	// partPattern is the rule for project, service and component in modules/naming.
	partPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	// attributePattern is the rule for each attribute in modules/naming.
	attributePattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	// trailingHyphens matches what modules/naming strips from a cut prefix.
	trailingHyphens = regexp.MustCompile(`-+$`)
)

// Environments are the environments modules/naming accepts, in the order it lists them.
var Environments = []string{"local", "stg", "prd"}

// Input holds the naming module's variables.
type Input struct {
	// Project is the first name part. Empty means DefaultProject.
	Project string
	// Environment is one of Environments.
	Environment string
	// Service owns the resource, e.g. "mailer" or "todo-batch".
	Service string
	// Component is what the resource is within the service, e.g. "queue".
	Component string
	// Attributes are extra parts appended after the component. Optional.
	Attributes []string
	// MaxLength is the longest name the target resource accepts, 16 to 255. Zero means
	// DefaultMaxLength.
	MaxLength int
}

// Name is a computed name, matching the module's outputs.
type Name struct {
	// ID is the name to use: at most MaxLength characters.
	ID string
	// FullName is the name before shortening.
	FullName string
	// Truncated reports whether ID was shortened with a hash suffix.
	Truncated bool
}

// New validates in like the module's variable validations do and computes the name. Every
// invalid input is reported at once, each error naming the input at fault.
func New(in Input) (Name, error) {
	if in.Project == "" {
		in.Project = DefaultProject
	}
	if in.MaxLength == 0 {
		in.MaxLength = DefaultMaxLength
	}
	if err := in.validate(); err != nil {
		return Name{}, err
	}
	full := strings.Join(append([]string{in.Project, in.Environment, in.Service, in.Component}, in.Attributes...), "-")
	if len(full) <= in.MaxLength {
		return Name{ID: full, FullName: full}, nil
	}
	sum := sha256.Sum256([]byte(full))
	prefix := trailingHyphens.ReplaceAllString(full[:in.MaxLength-hashLength-1], "")
	return Name{
		ID:        prefix + "-" + hex.EncodeToString(sum[:])[:hashLength],
		FullName:  full,
		Truncated: true,
	}, nil
}

// MustNew is New for names fixed in code; it panics on invalid input.
func MustNew(in Input) Name {
	n, err := New(in)
	if err != nil {
		panic(err)
	}
	return n
}

func (in Input) validate() error {
	var errs []error
	for _, p := range []struct{ name, value string }{
		{"project", in.Project},
		{"service", in.Service},
		{"component", in.Component},
	} {
		if !partPattern.MatchString(p.value) {
			errs = append(errs, fmt.Errorf("%s %q: must start with a lower-case letter and contain only lower-case letters, digits and single hyphens", p.name, p.value))
		}
	}
	valid := false
	for _, e := range Environments {
		valid = valid || in.Environment == e
	}
	if !valid {
		errs = append(errs, fmt.Errorf("environment %q: must be one of %s", in.Environment, strings.Join(Environments, ", ")))
	}
	for i, a := range in.Attributes {
		if !attributePattern.MatchString(a) {
			errs = append(errs, fmt.Errorf("attributes[%d] %q: must be lower-case letters and digits separated by single hyphens", i, a))
		}
	}
	if in.MaxLength < 16 || in.MaxLength > 255 {
		errs = append(errs, fmt.Errorf("max length %d: must be from 16 to 255", in.MaxLength))
	}
	return errors.Join(errs...)
}
