package metrics

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Record is one embedded metric format record read back from a log line, for tests and
// checks: what CloudWatch would extract from it.
type Record struct {
	// Line is the log line, for messages.
	Line string
	// Timestamp is _aws.Timestamp.
	Timestamp time.Time
	// Directives are _aws.CloudWatchMetrics.
	Directives []Directive
	// Dimensions holds every dimension value the directives reference, by dimension name.
	Dimensions map[string]string
	// Values holds every metric's values by name: a single number as one value.
	Values map[string][]float64
}

// Directive is one MetricDirective of a Record.
type Directive struct {
	// Namespace is the CloudWatch namespace.
	Namespace string `json:"Namespace"`
	// Dimensions are the dimension sets.
	Dimensions [][]string `json:"Dimensions"`
	// Metrics are the metric definitions.
	Metrics []Definition `json:"Metrics"`
}

// Definition is one MetricDefinition of a Directive.
type Definition struct {
	// Name is the metric's name and the root member holding its value.
	Name string `json:"Name"`
	// Unit is the metric's unit.
	Unit string `json:"Unit"`
}

// ParseRecords reads log output (JSON lines, possibly mixed with other text) and returns
// every line that carries an _aws member, checked against the embedded metric format
// specification (the checks are listed on parseRecord). Lines without _aws are skipped; a
// line with one that breaks the specification is an error naming the line.
func ParseRecords(logs []byte) ([]Record, error) {
	var out []Record
	var errs []error
	sc := bufio.NewScanner(bytes.NewReader(logs))
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if !bytes.Contains(line, []byte(`"_aws"`)) {
			continue
		}
		rec, err := parseRecord(line)
		if err != nil {
			errs = append(errs, fmt.Errorf("log line %d: %w: %s", n, err, line))
			continue
		}
		out = append(out, rec)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("read log: %w", err))
	}
	return out, errors.Join(errs...)
}

// parseRecord checks one line: a JSON object whose _aws has an integer Timestamp and at least
// one directive; each directive has a namespace (1 to 255 characters), at least one dimension
// set of at most MaxDimensionsPerSet keys, each key a string member of the root; at most
// MaxMetricsPerDirective metrics, each with a unit from Units and a root member that is a
// number or an array of at most MaxValuesPerMetric numbers.
func parseRecord(line []byte) (Record, error) {
	var root map[string]json.RawMessage
	if err := json.Unmarshal(line, &root); err != nil {
		return Record{}, fmt.Errorf("not a JSON object: %w", err)
	}
	var meta struct {
		Timestamp         *int64      `json:"Timestamp"`
		CloudWatchMetrics []Directive `json:"CloudWatchMetrics"`
	}
	if err := json.Unmarshal(root["_aws"], &meta); err != nil {
		return Record{}, fmt.Errorf("_aws: %w", err)
	}
	if meta.Timestamp == nil {
		return Record{}, errors.New("_aws.Timestamp is missing")
	}
	if len(meta.CloudWatchMetrics) == 0 {
		return Record{}, errors.New("_aws.CloudWatchMetrics is empty")
	}
	rec := Record{
		Line:       string(line),
		Timestamp:  time.UnixMilli(*meta.Timestamp),
		Directives: meta.CloudWatchMetrics,
		Dimensions: map[string]string{},
		Values:     map[string][]float64{},
	}
	for i, d := range meta.CloudWatchMetrics {
		if d.Namespace == "" || len(d.Namespace) > MaxNameLength {
			return Record{}, fmt.Errorf("directive %d: namespace %q", i, d.Namespace)
		}
		if len(d.Dimensions) == 0 {
			return Record{}, fmt.Errorf("directive %d: no dimension set", i)
		}
		for _, set := range d.Dimensions {
			if len(set) > MaxDimensionsPerSet {
				return Record{}, fmt.Errorf("directive %d: %d dimensions in [%s], at most %d", i, len(set), strings.Join(set, ", "), MaxDimensionsPerSet)
			}
			for _, k := range set {
				var v string
				if err := json.Unmarshal(root[k], &v); err != nil || v == "" {
					return Record{}, fmt.Errorf("directive %d: dimension %s: no string member", i, k)
				}
				rec.Dimensions[k] = v
			}
		}
		if len(d.Metrics) == 0 || len(d.Metrics) > MaxMetricsPerDirective {
			return Record{}, fmt.Errorf("directive %d: %d metrics, want 1 to %d", i, len(d.Metrics), MaxMetricsPerDirective)
		}
		for _, m := range d.Metrics {
			if !slices.Contains(Units, m.Unit) {
				return Record{}, fmt.Errorf("metric %s: unit %q", m.Name, m.Unit)
			}
			raw, ok := root[m.Name]
			if !ok {
				return Record{}, fmt.Errorf("metric %s: no member", m.Name)
			}
			var one float64
			var many []float64
			switch {
			case json.Unmarshal(raw, &one) == nil:
				many = []float64{one}
			case json.Unmarshal(raw, &many) == nil && len(many) > 0 && len(many) <= MaxValuesPerMetric:
			default:
				return Record{}, fmt.Errorf("metric %s: %s is neither a number nor an array of 1 to %d numbers", m.Name, raw, MaxValuesPerMetric)
			}
			rec.Values[m.Name] = many
		}
	}
	return rec, nil
}

// Emits reports whether the record publishes metric name in namespace with unit under
// exactly the dimension sets given (in any order), and no others.
func (r Record) Emits(namespace, name, unit string, sets [][]string) bool {
	for _, d := range r.Directives {
		if d.Namespace != namespace {
			continue
		}
		if !slices.Contains(d.Metrics, Definition{Name: name, Unit: unit}) {
			continue
		}
		return len(d.Dimensions) == len(sets) && !slices.ContainsFunc(sets, func(set []string) bool {
			return !slices.ContainsFunc(d.Dimensions, func(got []string) bool { return slices.Equal(got, set) })
		})
	}
	return false
}

// Sum adds up metric name's values over the records that carry it and whose dimension
// values include every one in dims.
func Sum(records []Record, name string, dims map[string]string) float64 {
	var total float64
	for _, r := range records {
		vals, ok := r.Values[name]
		if !ok || !matches(r, dims) {
			continue
		}
		for _, v := range vals {
			total += v
		}
	}
	return total
}

// Samples returns metric name's values over the records whose dimension values include
// every one in dims.
func Samples(records []Record, name string, dims map[string]string) []float64 {
	var out []float64
	for _, r := range records {
		if matches(r, dims) {
			out = append(out, r.Values[name]...)
		}
	}
	return out
}

func matches(r Record, dims map[string]string) bool {
	for k, v := range dims {
		if r.Dimensions[k] != v {
			return false
		}
	}
	return true
}

// CheckEmitted fails unless records publish metric name as spec defines it (namespace, unit,
// every dimension set and no other) with dims among its dimension values, and the values so
// published add up to at least minSum. Each service's tests call it once per alarm family,
// on the log output of the real code path.
func CheckEmitted(spec Spec, records []Record, name string, dims map[string]string, minSum float64) error {
	m, ok := spec.Metric(name)
	if !ok {
		return fmt.Errorf("metric %s is not in %s", name, FileName)
	}
	var sum float64
	var seen int
	for _, r := range records {
		if _, ok := r.Values[name]; !ok || !matches(r, dims) {
			continue
		}
		seen++
		if !r.Emits(spec.Namespace, m.Name, m.Unit, m.DimensionSets) {
			return fmt.Errorf("metric %s: record does not publish it in %s with unit %s under %v: %s", name, spec.Namespace, m.Unit, m.DimensionSets, r.Line)
		}
		for _, v := range r.Values[name] {
			sum += v
		}
	}
	if seen == 0 {
		return fmt.Errorf("metric %s: no record with dimensions %v among %d records", name, dims, len(records))
	}
	if sum < minSum {
		return fmt.Errorf("metric %s: values with dimensions %v add up to %v, want at least %v", name, dims, sum, minSum)
	}
	return nil
}
