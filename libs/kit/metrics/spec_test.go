package metrics_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/metrics"
)

const validSpec = `
namespace: Tsumiki
metrics:
  - name: Requests
    unit: Count
    description: One per request.
    dimension_sets:
      - [Environment, Service]
      - [Environment, Service, Route, StatusClass]
  - name: ServerErrors
    unit: Count
    description: One per 5xx.
    dimension_sets:
      - [Environment, Service]
  - name: Latency
    unit: Milliseconds
    description: Time to answer.
    dimension_sets:
      - [Environment, Service, Route]
slos:
  - key: availability
    description: 99.9 % without a 5xx.
    objective: 99.9
    period_days: 30
    total: Requests
    bad: ServerErrors
    runbook: runbook-availability
  - key: latency
    description: fast.
    objective: 99
    period_days: 30
    total: Requests
    bad: ServerErrors
    threshold_ms: 250
    threshold_ms_by_method: {GET: 100}
    runbook: runbook-latency
`

func TestParse(t *testing.T) {
	s, err := metrics.Parse([]byte(validSpec))
	require.NoError(t, err)
	require.Equal(t, "Tsumiki", s.Namespace)
	m, ok := s.Metric("Latency")
	require.True(t, ok)
	require.Equal(t, "Milliseconds", m.Unit)
	require.Equal(t, [][]string{{"Environment", "Service", "Route"}}, m.DimensionSets)
	o, ok := s.SLO("latency")
	require.True(t, ok)
	require.Equal(t, int64(100), o.Threshold("GET"))
	require.Equal(t, int64(250), o.Threshold("POST"))
	_, ok = s.Metric("Nope")
	require.False(t, ok)
}

func TestParse_Invalid(t *testing.T) {
	tests := []struct {
		name    string
		old     string
		new     string
		wantErr string
	}{
		{"UnknownField", "namespace: Tsumiki", "namespace: Tsumiki\nnamespaces: x", "field namespaces not found"},
		{"ReservedNamespace", "namespace: Tsumiki", "namespace: AWS/Tsumiki", "namespace \"AWS/Tsumiki\""},
		{"BadUnit", "unit: Milliseconds", "unit: ms", "unit \"ms\": want one of"},
		{"SetWithoutBase", "[Environment, Service, Route]", "[Route]", "must start with [Environment, Service]"},
		{"SetTwice", "      - [Environment, Service]\n  - name: Latency", "      - [Environment, Service]\n      - [Environment, Service]\n  - name: Latency", "listed twice"},
		{"MetricTwice", "name: ServerErrors", "name: Requests", "defined twice"},
		{"SLOUnknownMetric", "bad: ServerErrors\n    runbook: runbook-availability", "bad: Nope\n    runbook: runbook-availability", "bad \"Nope\": no such metric"},
		{"SLONotCount", "total: Requests\n    bad: ServerErrors\n    runbook: runbook-availability", "total: Latency\n    bad: ServerErrors\n    runbook: runbook-availability", "unit Milliseconds, an SLO counts events"},
		{"SLOObjective", "objective: 99.9", "objective: 100", "objective 100"},
		{"SLOKey", "key: availability", "key: Availability", "key \"Availability\""},
		{"Runbook", "runbook: runbook-availability", "runbook: availability", "runbook \"availability\""},
		{"MethodThresholdAlone", "    threshold_ms: 250\n", "", "needs threshold_ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Contains(t, validSpec, tt.old)
			_, err := metrics.Parse([]byte(strings.Replace(validSpec, tt.old, tt.new, 1)))
			require.ErrorContains(t, err, tt.wantErr)
		})
	}
}

func TestLoad(t *testing.T) {
	file := filepath.Join(t.TempDir(), metrics.FileName)
	require.NoError(t, os.WriteFile(file, []byte(validSpec), 0o600))
	s, err := metrics.Load(file)
	require.NoError(t, err)
	require.Len(t, s.Metrics, 3)

	require.NoError(t, os.WriteFile(file, []byte("namespace: \"\"\n"), 0o600))
	_, err = metrics.Load(file)
	require.ErrorContains(t, err, file)
	require.ErrorContains(t, err, "metrics: define at least one metric")

	_, err = metrics.Load(filepath.Join(t.TempDir(), "missing.yaml"))
	require.Error(t, err)
}
