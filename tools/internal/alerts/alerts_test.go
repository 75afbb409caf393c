package alerts_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/tsumiki-dev/tsumiki/tools/internal/alerts"
	"github.com/tsumiki-dev/tsumiki/tools/internal/tfpolicy"
)

const repo = "../../.."

// TestBurnRate pins the workbook's burn rates for a 30-day SLO, the numbers
// modules/slo-alarms' terraform test pins too.
func TestBurnRate(t *testing.T) {
	t.Parallel()
	require.InDelta(t, 14.4, alerts.BurnRate(2, 30, 60), 1e-9)
	require.InDelta(t, 6.0, alerts.BurnRate(5, 30, 360), 1e-9)
	require.InDelta(t, 3.0, alerts.BurnRate(10, 30, 1440), 1e-9)
}

// TestForService_Repository reads the real definitions: todo-api has its SLO rules and the
// alarms of its load balancer, service and database; thresholds come from both environments.
func TestForService_Repository(t *testing.T) {
	t.Parallel()
	got, err := alerts.ForService(repo, "todo-api")
	require.NoError(t, err)

	byName := map[string]alerts.Alarm{}
	for _, a := range got {
		byName[a.Name] = a
	}
	require.Contains(t, byName, "slo-availability-page-fast")
	require.Contains(t, byName["slo-availability-page-fast"].When, "above 14.4x over 1 h and over 5 min")
	require.Equal(t, "page", byName["slo-availability-page-fast"].Severity)
	require.Equal(t, "runbook-availability", byName["slo-availability-page-fast"].Runbook)
	require.Contains(t, byName, "alarm-rds-free-storage")
	require.Contains(t, byName["alarm-alb-5xx"].When, "prd 5, stg 10")
	require.NotContains(t, byName, "alarm-sqs-dead-letters", "the queue is the mailer's")
}

// TestEveryAlarmHasARunbook is the static half of tfpolicy's plan-alarm-runbook rule: every
// alarm the definitions produce names a "### " heading under "## Runbooks" of its design doc.
func TestEveryAlarmHasARunbook(t *testing.T) {
	t.Parallel()
	services, err := alerts.Services(repo)
	require.NoError(t, err)
	require.NotEmpty(t, services)
	for _, svc := range services {
		got, err := alerts.ForService(repo, svc)
		require.NoError(t, err)
		anchors, err := tfpolicy.RunbookAnchors(filepath.Join(repo, "design-docs", svc+".md"))
		require.NoError(t, err)
		for _, a := range got {
			require.True(t, anchors[a.Runbook], "design-docs/%s.md has no runbook #%s for alarm %s", svc, a.Runbook, a.Name)
		}
	}
}

// TestUpdate rewrites a stale table, then finds it current; a doc without markers is an error.
func TestUpdate(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	copyFile(t, filepath.Join(repo, "modules", "slo-alarms", "burn-rates.yaml"), filepath.Join(root, "modules", "slo-alarms", "burn-rates.yaml"))
	copyFile(t, filepath.Join(repo, "modules", "service-alarms", "catalogue.yaml"), filepath.Join(root, "modules", "service-alarms", "catalogue.yaml"))
	write(t, filepath.Join(root, "services", "svc", "observability.yaml"), "namespace: Tsumiki\nslos:\n  - key: availability\n    description: 99.9 % good.\n    objective: 99.9\n    period_days: 30\n    total: Requests\n    bad: ServerErrors\n    runbook: runbook-availability\n")
	write(t, filepath.Join(root, "terraform", "stg", "env", "main.tf"), "locals {\n  alarms = {\n    thresholds = { x = 1 }\n  }\n}\n")
	doc := filepath.Join(root, "design-docs", "svc.md")
	write(t, doc, "# svc\n\n## Alerts\n\n"+alerts.Begin+"\nold\n"+alerts.End+"\n\n## Runbooks\n")

	stale, err := alerts.Update(root, "svc", true)
	require.NoError(t, err)
	require.True(t, stale, "a hand-edited table is out of date")

	changed, err := alerts.Update(root, "svc", false)
	require.NoError(t, err)
	require.True(t, changed)
	b, err := os.ReadFile(doc)
	require.NoError(t, err)
	require.Contains(t, string(b), "| `slo-availability-ticket` | ticket |")
	require.Contains(t, string(b), "## Runbooks\n")

	stale, err = alerts.Update(root, "svc", true)
	require.NoError(t, err)
	require.False(t, stale)

	write(t, doc, "# svc\n")
	_, err = alerts.Update(root, "svc", true)
	require.ErrorIs(t, err, alerts.ErrNoMarkers)
}

func write(t *testing.T, path, text string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	require.NoError(t, err)
	write(t, to, string(b))
}

// TestThresholds_EveryEnvironmentHasEveryKey: the catalogue names each threshold once; every
// environment's data must give it a value (terraform would fail the plan of the stack that
// needs a missing one, after the merge rather than before it).
func TestThresholds_EveryEnvironmentHasEveryKey(t *testing.T) {
	t.Parallel()
	thresholds, err := alerts.Thresholds(repo)
	require.NoError(t, err)
	require.Contains(t, thresholds, "stg")
	require.Contains(t, thresholds, "prd")
	services, err := alerts.Services(repo)
	require.NoError(t, err)
	for _, svc := range services {
		got, err := alerts.ForService(repo, svc)
		require.NoError(t, err)
		for _, a := range got {
			require.NotContains(t, a.When, "(no value)", "alarm %s of %s lacks a threshold in an environment", a.Name, svc)
		}
	}
}

// TestSLOMetricsAreDeclared: modules/slo-alarms sums each SLO's total and bad metrics on the
// [Environment, Service] dimensions; both must be metrics the service's observability.yaml
// declares with that dimension set, or the alarm watches a metric nothing publishes (the
// service's own tests prove the code emits what the file declares).
func TestSLOMetricsAreDeclared(t *testing.T) {
	t.Parallel()
	services, err := alerts.Services(repo)
	require.NoError(t, err)
	for _, svc := range services {
		b, err := os.ReadFile(filepath.Join(repo, "services", svc, "observability.yaml"))
		require.NoError(t, err)
		var obs struct {
			Namespace string `yaml:"namespace"`
			Metrics   []struct {
				Name          string     `yaml:"name"`
				DimensionSets [][]string `yaml:"dimension_sets"`
			} `yaml:"metrics"`
			SLOs []struct {
				Key   string `yaml:"key"`
				Total string `yaml:"total"`
				Bad   string `yaml:"bad"`
			} `yaml:"slos"`
		}
		require.NoError(t, yaml.Unmarshal(b, &obs))
		require.NotEmpty(t, obs.Namespace, svc)
		declared := map[string]bool{}
		for _, m := range obs.Metrics {
			for _, set := range m.DimensionSets {
				if len(set) == 2 && set[0] == "Environment" && set[1] == "Service" {
					declared[m.Name] = true
				}
			}
		}
		require.NotEmpty(t, obs.SLOs, "%s has no SLO", svc)
		for _, s := range obs.SLOs {
			require.True(t, declared[s.Total], "%s SLO %s: total %s is not declared on [Environment, Service]", svc, s.Key, s.Total)
			require.True(t, declared[s.Bad], "%s SLO %s: bad %s is not declared on [Environment, Service]", svc, s.Key, s.Bad)
		}
	}
}
