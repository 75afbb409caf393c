package metrics

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// FileName is the name of a service's observability definition, next to its service.yaml:
// services/<name>/observability.yaml.
const FileName = "observability.yaml"

// The dimensions every metric carries, first in every dimension set, in this order.
const (
	// DimEnvironment holds TSUMIKI_ENV: local, stg or prd.
	DimEnvironment = "Environment"
	// DimService holds the service's name from its service.yaml.
	DimService = "Service"
)

// BaseDimensions is the dimension set every metric is emitted with, and the prefix of every
// other set. SLOs sum their total and bad metrics on it.
var BaseDimensions = []string{DimEnvironment, DimService}

// Limits of the embedded metric format and of CloudWatch metric names, checked by Validate.
const (
	// MaxDimensionsPerSet bounds a dimension set. The embedded metric format specification
	// (DimensionSet array, and maxItems in its JSON schema) said 9 dimension keys; the current
	// page allows 30. The stricter figure holds under both.
	MaxDimensionsPerSet = 9
	// MaxMetricsPerDirective: a MetricDirective's Metrics array "MUST NOT contain more than
	// 100 MetricDefinition objects" (same specification, MetricDirective object).
	MaxMetricsPerDirective = 100
	// MaxNameLength bounds namespaces, metric names and dimension names: 1 to 255 characters
	// (the embedded metric format specification's JSON schema: Namespace, MetricName and
	// DimensionReference; CloudWatch API reference: MetricDatum, Dimension).
	MaxNameLength = 255
	// MaxDimensionValueLength bounds a dimension's value: 1 to 1024 characters (CloudWatch API
	// reference, Dimension Value).
	MaxDimensionValueLength = 1024
)

// Units are the CloudWatch units a metric may declare: the pattern of MetricUnit in the
// embedded metric format specification's JSON schema, the same as MetricDatum's Unit in the
// CloudWatch API reference.
var Units = []string{
	"Seconds", "Microseconds", "Milliseconds",
	"Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
	"Bits", "Kilobits", "Megabits", "Gigabits", "Terabits",
	"Percent", "Count",
	"Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
	"Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second",
	"Count/Second", "None",
}

// Spec is one service's observability definition (services/<name>/observability.yaml): the
// one place its metrics, SLOs and alarm keys are named. The code emits exactly these metrics
// (Emitter refuses others), modules/slo-alarms reads the SLOs with yamldecode.
type Spec struct {
	// Namespace is the CloudWatch namespace of every metric below.
	Namespace string `yaml:"namespace"`
	// Metrics is every metric the service emits.
	Metrics []Metric `yaml:"metrics"`
	// SLOs are the service's ratio SLOs.
	SLOs []SLO `yaml:"slos"`
}

// Metric is one CloudWatch metric a service emits.
type Metric struct {
	// Name is the CloudWatch metric name, PascalCase.
	Name string `yaml:"name"`
	// Unit is one of Units.
	Unit string `yaml:"unit"`
	// Description says what one data point means.
	Description string `yaml:"description"`
	// DimensionSets are the dimension sets the metric is emitted with, every one of them;
	// each starts with BaseDimensions. A metric an SLO sums has BaseDimensions itself among
	// them; one only meaningful per some dimension (a duration per job kind) need not.
	DimensionSets [][]string `yaml:"dimension_sets"`
}

// SLO is a ratio SLO: bad / total events over PeriodDays, both metrics summed on the
// [Environment, Service] dimension set.
type SLO struct {
	// Key names the SLO in alarm names; lower-case words joined by hyphens.
	Key string `yaml:"key"`
	// Description states the promise in one sentence.
	Description string `yaml:"description"`
	// Objective is the percentage of good events, above 0 and below 100.
	Objective float64 `yaml:"objective"`
	// PeriodDays is the SLO's window in days.
	PeriodDays int `yaml:"period_days"`
	// Total is the Count metric of all events.
	Total string `yaml:"total"`
	// Bad is the Count metric of bad events.
	Bad string `yaml:"bad"`
	// ThresholdMS, for a latency-like SLO, is the time in milliseconds above which an event
	// counts as bad; 0 for an SLO without one. The code reads it from here.
	ThresholdMS int64 `yaml:"threshold_ms,omitempty"`
	// ThresholdMSByMethod overrides ThresholdMS per HTTP method (GET: 100); optional.
	ThresholdMSByMethod map[string]int64 `yaml:"threshold_ms_by_method,omitempty"`
	// Runbook is the anchor of the SLO's runbook in design-docs/<service>.md ("runbook-" and
	// the rest of a "### " heading in GitHub's anchor spelling).
	Runbook string `yaml:"runbook"`
}

// Metric returns the metric called name, and whether the spec defines it.
func (s Spec) Metric(name string) (Metric, bool) {
	i := slices.IndexFunc(s.Metrics, func(m Metric) bool { return m.Name == name })
	if i < 0 {
		return Metric{}, false
	}
	return s.Metrics[i], true
}

// SLO returns the SLO with key, and whether the spec defines it.
func (s Spec) SLO(key string) (SLO, bool) {
	i := slices.IndexFunc(s.SLOs, func(o SLO) bool { return o.Key == key })
	if i < 0 {
		return SLO{}, false
	}
	return s.SLOs[i], true
}

// Threshold returns the SLO's threshold in milliseconds for an HTTP method: the method's own
// one if ThresholdMSByMethod has it, else ThresholdMS.
func (o SLO) Threshold(method string) int64 {
	if v, ok := o.ThresholdMSByMethod[method]; ok {
		return v
	}
	return o.ThresholdMS
}

// Load reads and validates the definition in file.
func Load(file string) (Spec, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return Spec{}, fmt.Errorf("read observability definition: %w", err)
	}
	s, err := Parse(data)
	if err != nil {
		return Spec{}, fmt.Errorf("%s: %w", file, err)
	}
	return s, nil
}

// MustParse is Parse for definitions embedded in a binary, which a test of the service has
// already checked: it panics on an invalid one.
func MustParse(data []byte) Spec {
	s, err := Parse(data)
	if err != nil {
		panic(fmt.Sprintf("observability definition: %v", err))
	}
	return s
}

// Parse decodes a definition strictly (unknown fields are errors) and validates it.
func Parse(data []byte) (Spec, error) {
	var s Spec
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		return Spec{}, fmt.Errorf("decode observability definition: %w", err)
	}
	if err := s.Validate(); err != nil {
		return Spec{}, err
	}
	return s, nil
}

var (
	pascalName = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*$`)
	sloKey     = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	runbook    = regexp.MustCompile(`^runbook-[a-z0-9]+(-[a-z0-9]+)*$`)
)

// Validate reports every problem of the definition at once, each naming the field at fault.
func (s Spec) Validate() error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if s.Namespace == "" || len(s.Namespace) > MaxNameLength || strings.HasPrefix(s.Namespace, "AWS/") {
		fail("namespace %q: want 1 to %d characters, not starting with AWS/ (reserved for AWS)", s.Namespace, MaxNameLength)
	}
	if len(s.Metrics) == 0 {
		fail("metrics: define at least one metric")
	}
	if len(s.Metrics) > MaxMetricsPerDirective {
		fail("metrics: %d, at most %d fit one embedded metric format directive", len(s.Metrics), MaxMetricsPerDirective)
	}
	seen := map[string]bool{}
	for i, m := range s.Metrics {
		at := fmt.Sprintf("metrics[%d] (%s)", i, m.Name)
		if !pascalName.MatchString(m.Name) || len(m.Name) > MaxNameLength {
			fail("%s: name %q: want PascalCase letters and digits, at most %d characters", at, m.Name, MaxNameLength)
		}
		if seen[m.Name] {
			fail("%s: name %q defined twice", at, m.Name)
		}
		seen[m.Name] = true
		if !slices.Contains(Units, m.Unit) {
			fail("%s: unit %q: want one of %s", at, m.Unit, strings.Join(Units, ", "))
		}
		if strings.TrimSpace(m.Description) == "" {
			fail("%s: description is empty", at)
		}
		if len(m.DimensionSets) == 0 {
			fail("%s: dimension_sets: want at least [%s]", at, strings.Join(BaseDimensions, ", "))
		}
		sets := map[string]bool{}
		for j, set := range m.DimensionSets {
			key := strings.Join(set, ",")
			if sets[key] {
				fail("%s: dimension_sets[%d] [%s] listed twice", at, j, key)
			}
			sets[key] = true
			if len(set) < len(BaseDimensions) || !slices.Equal(set[:len(BaseDimensions)], BaseDimensions) {
				fail("%s: dimension_sets[%d] [%s]: must start with [%s]", at, j, key, strings.Join(BaseDimensions, ", "))
			}
			if len(set) > MaxDimensionsPerSet {
				fail("%s: dimension_sets[%d]: %d dimensions, at most %d", at, j, len(set), MaxDimensionsPerSet)
			}
			names := map[string]bool{}
			for _, d := range set {
				if !pascalName.MatchString(d) || len(d) > MaxNameLength {
					fail("%s: dimension_sets[%d]: dimension %q: want PascalCase letters and digits", at, j, d)
				}
				if names[d] {
					fail("%s: dimension_sets[%d]: dimension %q twice", at, j, d)
				}
				names[d] = true
			}
		}
	}
	keys := map[string]bool{}
	for i, o := range s.SLOs {
		at := fmt.Sprintf("slos[%d] (%s)", i, o.Key)
		if !sloKey.MatchString(o.Key) {
			fail("%s: key %q: want lower-case words joined by hyphens", at, o.Key)
		}
		if keys[o.Key] {
			fail("%s: key %q defined twice", at, o.Key)
		}
		keys[o.Key] = true
		if strings.TrimSpace(o.Description) == "" {
			fail("%s: description is empty", at)
		}
		if o.Objective <= 0 || o.Objective >= 100 {
			fail("%s: objective %v: want a percentage above 0 and below 100", at, o.Objective)
		}
		if o.PeriodDays <= 0 {
			fail("%s: period_days %d: want a positive number of days", at, o.PeriodDays)
		}
		for _, f := range []struct{ field, name string }{{"total", o.Total}, {"bad", o.Bad}} {
			m, ok := s.Metric(f.name)
			switch {
			case !ok:
				fail("%s: %s %q: no such metric in metrics", at, f.field, f.name)
			case m.Unit != "Count":
				fail("%s: %s %q: unit %s, an SLO counts events (unit Count)", at, f.field, f.name, m.Unit)
			case !slices.ContainsFunc(m.DimensionSets, func(set []string) bool { return slices.Equal(set, BaseDimensions) }):
				fail("%s: %s %q: not emitted on [%s], which the SLO sums", at, f.field, f.name, strings.Join(BaseDimensions, ", "))
			}
		}
		if o.Total == o.Bad && o.Total != "" {
			fail("%s: total and bad are both %q", at, o.Total)
		}
		if o.ThresholdMS < 0 {
			fail("%s: threshold_ms %d: want a positive number of milliseconds", at, o.ThresholdMS)
		}
		for method, v := range o.ThresholdMSByMethod {
			if method != strings.ToUpper(method) || v <= 0 {
				fail("%s: threshold_ms_by_method %s: %d: want an upper-case HTTP method and a positive number", at, method, v)
			}
		}
		if len(o.ThresholdMSByMethod) > 0 && o.ThresholdMS == 0 {
			fail("%s: threshold_ms_by_method needs threshold_ms for the other methods", at)
		}
		if !runbook.MatchString(o.Runbook) {
			fail("%s: runbook %q: want an anchor like runbook-%s", at, o.Runbook, o.Key)
		}
	}
	return errors.Join(errs...)
}
