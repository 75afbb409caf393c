package metrics

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
)

// Message is the msg of every metrics log line; the line's other members are the EMF record.
const Message = "metrics"

// MaxValuesPerMetric is how many values one record carries for a metric that keeps samples
// (every unit but Count): "Numeric array metric targets MUST NOT have more than 100 members"
// (embedded metric format specification, Target members). A group whose sample list is full
// is written at once instead of waiting for the next flush.
const MaxValuesPerMetric = 100

// MaxDimensions is how many dimensions a Recorder may add to Environment and Service.
const MaxDimensions = 4

// DefaultInterval is how often Run flushes: often enough that a one-minute alarm period
// sees each flush, rarely enough that a busy service writes a handful of lines per interval.
const DefaultInterval = 10 * time.Second

// Values are the values of a Recorder's dimensions, in the order the Recorder names them;
// the unused tail stays empty. An array, so it keys the aggregation map without allocating.
type Values [MaxDimensions]string

// Options configure an Emitter.
type Options struct {
	// Logger receives the records, one line each, at info level whatever its handler's level
	// (metrics are not diagnostics; LOG_LEVEL=warn must not silence an SLO). Required.
	Logger *slog.Logger
	// Environment is the Environment dimension's value (TSUMIKI_ENV). Required.
	Environment string
	// Service is the Service dimension's value (the name in service.yaml). Required.
	Service string
	// Now returns the current time for the records' timestamps; nil means time.Now.
	Now func() time.Time
}

// Emitter aggregates a service's metric values by dimension values and writes them as
// embedded metric format records through slog. It is safe for concurrent use.
type Emitter struct {
	spec    Spec
	log     *slog.Logger
	env     string
	service string
	now     func() time.Time

	mu        sync.Mutex
	recorders []*Recorder
	owner     map[string]*Recorder // metric name -> the one recorder that emits it
}

// New returns an Emitter for spec. It fails when an option is missing or a dimension value
// is not one CloudWatch accepts.
func New(spec Spec, opts Options) (*Emitter, error) {
	var errs []error
	if opts.Logger == nil {
		errs = append(errs, errors.New("metrics: Logger is required"))
	}
	for _, v := range []struct{ name, value string }{{DimEnvironment, opts.Environment}, {DimService, opts.Service}} {
		if err := checkValue(v.name, v.value); err != nil {
			errs = append(errs, fmt.Errorf("metrics: %w", err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	return &Emitter{
		spec:    spec,
		log:     slog.New(alwaysEnabled{opts.Logger.Handler()}),
		env:     opts.Environment,
		service: opts.Service,
		now:     now,
		owner:   map[string]*Recorder{},
	}, nil
}

// checkValue accepts a dimension value CloudWatch takes: 1 to MaxDimensionValueLength
// characters.
func checkValue(dim, v string) error {
	if v == "" || len(v) > MaxDimensionValueLength {
		return fmt.Errorf("dimension %s: value %q: want 1 to %d characters", dim, v, MaxDimensionValueLength)
	}
	return nil
}

// Recorder records some of the spec's metrics, all of them observed with the same dimensions
// (beyond Environment and Service): one record per distinct Values, with each metric under
// every dimension set the spec gives it.
type Recorder struct {
	e       *Emitter
	dims    []string
	metrics []recMetric
	index   map[string]int
	groups  map[Values]*group // guarded by e.mu
}

// recMetric is one metric of a Recorder, with its EMF directive precomputed.
type recMetric struct {
	Metric
	sum bool // Count metrics are summed; the others keep their samples
}

// group is the aggregate of one Recorder's metrics for one Values.
type group struct {
	sums    []float64
	samples [][]float64
}

// Recorder returns a recorder for metrics observed with dims (at most MaxDimensions, not
// Environment or Service). It fails when a metric is not in the spec, is already recorded by
// another Recorder, or has a dimension set naming a dimension outside Environment, Service
// and dims; and when one of dims is in none of the metrics' sets.
func (e *Emitter) Recorder(dims []string, metricNames ...string) (*Recorder, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	var errs []error
	if len(dims) > MaxDimensions {
		errs = append(errs, fmt.Errorf("metrics: %d dimensions %v, at most %d", len(dims), dims, MaxDimensions))
	}
	if len(metricNames) == 0 {
		errs = append(errs, errors.New("metrics: a recorder needs at least one metric"))
	}
	r := &Recorder{e: e, dims: slices.Clone(dims), index: map[string]int{}, groups: map[Values]*group{}}
	allowed := append(slices.Clone(BaseDimensions), dims...)
	used := map[string]bool{}
	for _, name := range metricNames {
		m, ok := e.spec.Metric(name)
		if !ok {
			errs = append(errs, fmt.Errorf("metrics: metric %s is not in %s", name, FileName))
			continue
		}
		if _, dup := r.index[name]; dup || e.owner[name] != nil {
			errs = append(errs, fmt.Errorf("metrics: metric %s is recorded twice", name))
			continue
		}
		for _, set := range m.DimensionSets {
			for _, d := range set {
				used[d] = true
				if !slices.Contains(allowed, d) {
					errs = append(errs, fmt.Errorf("metrics: metric %s: dimension set [%s] needs %s, which the recorder of [%s] does not observe",
						name, strings.Join(set, ", "), d, strings.Join(dims, ", ")))
				}
			}
		}
		r.index[name] = len(r.metrics)
		r.metrics = append(r.metrics, recMetric{Metric: m, sum: m.Unit == "Count"})
	}
	for _, d := range dims {
		if !used[d] || slices.Contains(BaseDimensions, d) {
			errs = append(errs, fmt.Errorf("metrics: dimension %s is in no dimension set of %s", d, strings.Join(metricNames, ", ")))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for name := range r.index {
		e.owner[name] = r
	}
	e.recorders = append(e.recorders, r)
	return r, nil
}

// Unrecorded returns the spec's metrics that no Recorder records yet, in the spec's order: a
// service's tests require none once it is wired, so no alarm watches a metric nothing emits.
func (e *Emitter) Unrecorded() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for _, m := range e.spec.Metrics {
		if e.owner[m.Name] == nil {
			out = append(out, m.Name)
		}
	}
	return out
}

// MustRecorder is Recorder for a service's wiring, whose definition its tests check: it
// panics where Recorder fails.
func (e *Emitter) MustRecorder(dims []string, metricNames ...string) *Recorder {
	r, err := e.Recorder(dims, metricNames...)
	if err != nil {
		panic(err)
	}
	return r
}

// Add records v for the metric called name under vals: a Count metric adds v to its sum, any
// other keeps v as one sample (in its unit: milliseconds for Milliseconds). It panics when
// the recorder was not made for name, a programming error its tests find. Add costs a lock,
// a map lookup and an addition or an append; encoding waits for the flush.
func (r *Recorder) Add(vals Values, name string, v float64) {
	i, ok := r.index[name]
	if !ok {
		panic(fmt.Sprintf("metrics: the recorder of [%s] does not record %s", strings.Join(r.dims, ", "), name))
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return // CloudWatch rejects them; dropping one sample beats losing the record
	}
	e := r.e
	e.mu.Lock()
	g := r.groups[vals]
	if g == nil {
		g = &group{sums: make([]float64, len(r.metrics)), samples: make([][]float64, len(r.metrics))}
		r.groups[vals] = g
	}
	var full *group
	if r.metrics[i].sum {
		g.sums[i] += v
	} else {
		g.samples[i] = append(g.samples[i], v)
		if len(g.samples[i]) >= MaxValuesPerMetric {
			full = g
			delete(r.groups, vals)
		}
	}
	e.mu.Unlock()
	if full != nil {
		r.write(context.Background(), e.now(), vals, full)
	}
}

// Flush writes one record per group observed since the last flush and forgets the groups,
// so an idle service writes nothing.
func (e *Emitter) Flush(ctx context.Context) {
	type pending struct {
		r    *Recorder
		vals Values
		g    *group
	}
	var out []pending
	e.mu.Lock()
	for _, r := range e.recorders {
		for vals, g := range r.groups {
			out = append(out, pending{r, vals, g})
		}
		clear(r.groups)
	}
	e.mu.Unlock()
	// A stable order keeps the log readable and the tests simple.
	slices.SortFunc(out, func(a, b pending) int {
		if c := slices.Index(e.recorders, a.r) - slices.Index(e.recorders, b.r); c != 0 {
			return c
		}
		return slices.Compare(a.vals[:], b.vals[:])
	})
	t := e.now()
	for _, p := range out {
		p.r.write(ctx, t, p.vals, p.g)
	}
}

// Run flushes every interval (DefaultInterval when not positive) until ctx ends, then once
// more, so that a graceful stop loses nothing observed before it.
func (e *Emitter) Run(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		interval = DefaultInterval
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			e.Flush(context.WithoutCancel(ctx))
			return
		case <-tick.C:
			e.Flush(ctx)
		}
	}
}

// Start runs Run every DefaultInterval in a goroutine of its own, which ctx's cancellation
// does not stop (a service flushes after its last request, not when its signal arrives).
// stop ends it, after the last flush is written.
func (e *Emitter) Start(ctx context.Context) (stop func()) {
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		e.Run(runCtx, DefaultInterval)
	}()
	return func() { cancel(); <-done }
}

// The JSON shapes of the _aws member (embedded metric format specification: Metadata object,
// MetricDirective object, MetricDefinition object).
type (
	emfMetadata struct {
		Timestamp         int64          `json:"Timestamp"`
		CloudWatchMetrics []emfDirective `json:"CloudWatchMetrics"`
	}
	emfDirective struct {
		Namespace  string          `json:"Namespace"`
		Dimensions [][]string      `json:"Dimensions"`
		Metrics    []emfDefinition `json:"Metrics"`
	}
	emfDefinition struct {
		Name string `json:"Name"`
		Unit string `json:"Unit"`
	}
)

// write logs one record: the _aws metadata, the dimension values and each metric's value
// (a Count's sum, even 0, so an SLO's ratio has both terms; the others' samples, when any).
// Metrics with the same dimension sets share one directive.
func (r *Recorder) write(ctx context.Context, t time.Time, vals Values, g *group) {
	e := r.e
	meta := emfMetadata{Timestamp: t.UnixMilli()}
	attrs := make([]slog.Attr, 0, 2+len(r.dims)+len(r.metrics)+1)
	attrs = append(attrs, slog.String(DimEnvironment, e.env), slog.String(DimService, e.service))
	for i, d := range r.dims {
		v := vals[i]
		if checkValue(d, v) != nil {
			v = "unknown" // an empty value would invalidate the whole record
		}
		attrs = append(attrs, slog.String(d, v))
	}
	for i, m := range r.metrics {
		switch {
		case m.sum:
			attrs = append(attrs, slog.Float64(m.Name, g.sums[i]))
		case len(g.samples[i]) > 0:
			attrs = append(attrs, slog.Any(m.Name, g.samples[i]))
		default:
			continue // a metric without a value must not be declared (Target members)
		}
		j := slices.IndexFunc(meta.CloudWatchMetrics, func(d emfDirective) bool {
			return slices.EqualFunc(d.Dimensions, m.DimensionSets, slices.Equal)
		})
		if j < 0 {
			meta.CloudWatchMetrics = append(meta.CloudWatchMetrics, emfDirective{Namespace: e.spec.Namespace, Dimensions: m.DimensionSets})
			j = len(meta.CloudWatchMetrics) - 1
		}
		meta.CloudWatchMetrics[j].Metrics = append(meta.CloudWatchMetrics[j].Metrics, emfDefinition{Name: m.Name, Unit: m.Unit})
	}
	if len(meta.CloudWatchMetrics) == 0 {
		return
	}
	raw, err := json.Marshal(meta)
	if err != nil {
		return // plain structs of strings and numbers always marshal
	}
	attrs = append(attrs, slog.Any("_aws", json.RawMessage(raw)))
	e.log.LogAttrs(ctx, slog.LevelInfo, Message, attrs...)
}

// alwaysEnabled passes every record to the handler it wraps, whatever that handler's level:
// slog checks the level in Enabled, before Handle, so the records still go through the
// service's own handler (its writer, its lock, its attributes such as service).
type alwaysEnabled struct{ slog.Handler }

// Enabled implements slog.Handler.
func (alwaysEnabled) Enabled(context.Context, slog.Level) bool { return true }

// WithAttrs implements slog.Handler.
func (h alwaysEnabled) WithAttrs(attrs []slog.Attr) slog.Handler {
	return alwaysEnabled{h.Handler.WithAttrs(attrs)}
}

// WithGroup implements slog.Handler.
func (h alwaysEnabled) WithGroup(name string) slog.Handler {
	return alwaysEnabled{h.Handler.WithGroup(name)}
}
