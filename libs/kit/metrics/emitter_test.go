package metrics_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/metrics"
)

var t0 = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

func newEmitter(t *testing.T, level slog.Level) (*metrics.Emitter, *bytes.Buffer) {
	t.Helper()
	spec, err := metrics.Parse([]byte(validSpec))
	require.NoError(t, err)
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: level})).With("service", "todo-api")
	e, err := metrics.New(spec, metrics.Options{Logger: log, Environment: "local", Service: "todo-api", Now: func() time.Time { return t0 }})
	require.NoError(t, err)
	return e, &buf
}

func TestEmitter_Flush(t *testing.T) {
	// LOG_LEVEL=error must not silence metrics.
	e, buf := newEmitter(t, slog.LevelError)
	http := e.MustRecorder([]string{"Route", "StatusClass"}, "Requests", "ServerErrors", "Latency")
	ok := metrics.Values{"/v1/todos", "2xx"}
	bad := metrics.Values{"/v1/todos/:id", "5xx"}
	for range 3 {
		http.Add(ok, "Requests", 1)
		http.Add(ok, "Latency", 12.5)
	}
	http.Add(bad, "Requests", 1)
	http.Add(bad, "ServerErrors", 1)
	http.Add(bad, "Latency", 3)
	e.Flush(context.Background())

	spec, _ := metrics.Parse([]byte(validSpec))
	recs, err := metrics.ParseRecords(buf.Bytes())
	require.NoError(t, err)
	require.Len(t, recs, 2, buf.String())
	require.Equal(t, t0, recs[0].Timestamp.UTC())
	require.Equal(t, map[string]string{"Environment": "local", "Service": "todo-api", "Route": "/v1/todos", "StatusClass": "2xx"}, recs[0].Dimensions)
	require.Equal(t, []float64{3}, recs[0].Values["Requests"])
	require.Equal(t, []float64{0}, recs[0].Values["ServerErrors"], "a Count is written even when 0")
	require.Equal(t, []float64{12.5, 12.5, 12.5}, recs[0].Values["Latency"])
	for _, name := range []string{"Requests", "ServerErrors", "Latency"} {
		require.NoError(t, metrics.CheckEmitted(spec, recs, name, nil, 1))
	}
	require.NoError(t, metrics.CheckEmitted(spec, recs, "ServerErrors", map[string]string{"Route": "/v1/todos/:id"}, 1))
	require.ErrorContains(t, metrics.CheckEmitted(spec, recs, "ServerErrors", map[string]string{"Route": "/v1/todos"}, 1), "add up to 0")

	// The raw line: the service's own attributes stay, the record is one JSON object.
	line := strings.SplitN(buf.String(), "\n", 2)[0]
	var root map[string]any
	require.NoError(t, json.Unmarshal([]byte(line), &root))
	require.Equal(t, "todo-api", root["service"])
	require.Equal(t, metrics.Message, root["msg"])
	aws := root["_aws"].(map[string]any)
	require.EqualValues(t, t0.UnixMilli(), aws["Timestamp"])
	require.Len(t, aws["CloudWatchMetrics"], 3, "Requests, ServerErrors and Latency have different dimension sets")

	// Flushed groups are forgotten: an idle interval writes nothing.
	buf.Reset()
	e.Flush(context.Background())
	require.Empty(t, buf.String())
}

func TestRecorder_FullSampleListIsWrittenAtOnce(t *testing.T) {
	e, buf := newEmitter(t, slog.LevelInfo)
	r := e.MustRecorder([]string{"Route", "StatusClass"}, "Requests", "Latency")
	v := metrics.Values{"/v1/todos", "2xx"}
	for i := range metrics.MaxValuesPerMetric + 1 {
		r.Add(v, "Requests", 1)
		r.Add(v, "Latency", float64(i))
	}
	recs, err := metrics.ParseRecords(buf.Bytes())
	require.NoError(t, err)
	require.Len(t, recs, 1)
	require.Len(t, recs[0].Values["Latency"], metrics.MaxValuesPerMetric)
	e.Flush(context.Background())
	recs, err = metrics.ParseRecords(buf.Bytes())
	require.NoError(t, err)
	require.Len(t, recs, 2)
	require.Equal(t, float64(metrics.MaxValuesPerMetric+1), metrics.Sum(recs, "Requests", nil))
	require.Len(t, metrics.Samples(recs, "Latency", nil), metrics.MaxValuesPerMetric+1)
}

func TestEmitter_Recorder_Invalid(t *testing.T) {
	e, _ := newEmitter(t, slog.LevelInfo)
	_, err := e.Recorder([]string{"Route"}, "Requests", "Nope")
	require.ErrorContains(t, err, "metric Nope is not in observability.yaml")
	require.ErrorContains(t, err, "needs StatusClass")
	_, err = e.Recorder([]string{"Route", "Other"}, "Latency")
	require.ErrorContains(t, err, "dimension Other is in no dimension set")
	require.Equal(t, []string{"Requests", "ServerErrors", "Latency"}, e.Unrecorded())
	e.MustRecorder([]string{"Route"}, "Latency")
	require.Equal(t, []string{"Requests", "ServerErrors"}, e.Unrecorded())
	_, err = e.Recorder([]string{"Route"}, "Latency")
	require.ErrorContains(t, err, "recorded twice")
	r := e.MustRecorder(nil, "ServerErrors")
	require.Panics(t, func() { r.Add(metrics.Values{}, "Requests", 1) })
}

func TestNew_Invalid(t *testing.T) {
	spec, err := metrics.Parse([]byte(validSpec))
	require.NoError(t, err)
	_, err = metrics.New(spec, metrics.Options{})
	require.ErrorContains(t, err, "Logger is required")
	require.ErrorContains(t, err, "dimension Environment")
	require.ErrorContains(t, err, "dimension Service")
}

func TestEmitter_Run(t *testing.T) {
	e, buf := newEmitter(t, slog.LevelInfo)
	r := e.MustRecorder(nil, "ServerErrors")
	r.Add(metrics.Values{}, "ServerErrors", 2)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { e.Run(ctx, time.Hour) })
	cancel()
	wg.Wait()
	recs, err := metrics.ParseRecords(buf.Bytes())
	require.NoError(t, err)
	require.Equal(t, 2.0, metrics.Sum(recs, "ServerErrors", map[string]string{"Environment": "local"}))
}

func TestEmitter_Start(t *testing.T) {
	e, buf := newEmitter(t, slog.LevelInfo)
	r := e.MustRecorder(nil, "ServerErrors")
	ctx, cancel := context.WithCancel(context.Background())
	stop := e.Start(ctx)
	cancel() // the caller's context ending does not stop the emitter
	r.Add(metrics.Values{}, "ServerErrors", 3)
	stop()
	recs, err := metrics.ParseRecords(buf.Bytes())
	require.NoError(t, err)
	require.Equal(t, 3.0, metrics.Sum(recs, "ServerErrors", map[string]string{"Environment": "local"}))
}

func TestParseRecords_Invalid(t *testing.T) {
	tests := []struct {
		name    string
		line    string
		wantErr string
	}{
		{"NoTimestamp", `{"_aws":{"CloudWatchMetrics":[]}}`, "Timestamp is missing"},
		{"MissingDimension", `{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[["A"]],"Metrics":[{"Name":"M","Unit":"Count"}]}]},"M":1}`, "dimension A"},
		{"BadUnit", `{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[["A"]],"Metrics":[{"Name":"M","Unit":"ms"}]}]},"A":"x","M":1}`, "unit \"ms\""},
		{"MissingValue", `{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[["A"]],"Metrics":[{"Name":"M","Unit":"Count"}]}]},"A":"x"}`, "no member"},
		{"StringValue", `{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[["A"]],"Metrics":[{"Name":"M","Unit":"Count"}]}]},"A":"x","M":"1"}`, "neither a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := metrics.ParseRecords([]byte("not json\n" + tt.line + "\n"))
			require.ErrorContains(t, err, tt.wantErr)
			require.ErrorContains(t, err, "log line 2")
		})
	}
}

func BenchmarkRecorder_Add(b *testing.B) {
	spec, err := metrics.Parse([]byte(validSpec))
	require.NoError(b, err)
	e, err := metrics.New(spec, metrics.Options{Logger: slog.New(slog.DiscardHandler), Environment: "local", Service: "todo-api"})
	require.NoError(b, err)
	r := e.MustRecorder([]string{"Route", "StatusClass"}, "Requests", "ServerErrors", "Latency")
	v := metrics.Values{"/v1/todos", "2xx"}
	b.ReportAllocs()
	for b.Loop() {
		r.Add(v, "Requests", 1)
		r.Add(v, "ServerErrors", 0)
		r.Add(v, "Latency", 1.5)
	}
}
