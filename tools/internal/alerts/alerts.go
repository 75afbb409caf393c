// Package alerts lists every alarm terraform creates for a service, from the same definitions
// the terraform modules read: the SLOs of services/<name>/observability.yaml with the
// burn-rate rules of modules/slo-alarms/burn-rates.yaml, and the part alarms of
// modules/service-alarms/catalogue.yaml with the thresholds of terraform/<env>/env. It writes
// them as the generated "## Alerts" table of design-docs/<service>.md, between the markers
// <!-- alerts:begin --> and <!-- alerts:end -->, and reports a table that is out of date.
package alerts

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"gopkg.in/yaml.v3"
)

// Begin and End are the markers around the generated table in a design doc.
const (
	Begin = "<!-- alerts:begin -->"
	End   = "<!-- alerts:end -->"
)

// ErrNoMarkers means a design doc lacks the Begin/End markers the table goes between.
var ErrNoMarkers = errors.New("no " + Begin + " / " + End + " markers")

// Alarm is one alarm that notifies (an SLO rule's composite alarm, or a part alarm).
type Alarm struct {
	// Name is the alarm's name after "<project>-<env>-<service>-", e.g. "slo-availability-page-fast".
	Name string
	// Severity is "page" or "ticket".
	Severity string
	// When says when it fires.
	When string
	// Runbook is the anchor in the service's design doc, e.g. "runbook-availability".
	Runbook string
}

// observability is the part of services/<name>/observability.yaml the alarms read.
type observability struct {
	SLOs []struct {
		Key         string  `yaml:"key"`
		Description string  `yaml:"description"`
		Objective   float64 `yaml:"objective"`
		PeriodDays  float64 `yaml:"period_days"`
		Total       string  `yaml:"total"`
		Bad         string  `yaml:"bad"`
		Runbook     string  `yaml:"runbook"`
	} `yaml:"slos"`
}

// burnRates is modules/slo-alarms/burn-rates.yaml.
type burnRates struct {
	Rules []struct {
		Key           string  `yaml:"key"`
		Severity      string  `yaml:"severity"`
		BudgetPercent float64 `yaml:"budget_percent"`
		LongMinutes   float64 `yaml:"long_minutes"`
		ShortMinutes  float64 `yaml:"short_minutes"`
	} `yaml:"rules"`
}

// catalogue is modules/service-alarms/catalogue.yaml.
type catalogue struct {
	Documents map[string][]string `yaml:"documents"`
	Alarms    []struct {
		Key       string `yaml:"key"`
		Part      string `yaml:"part"`
		Severity  string `yaml:"severity"`
		Summary   string `yaml:"summary"`
		Threshold string `yaml:"threshold"`
	} `yaml:"alarms"`
}

// BurnRate is the burn rate at which a rule fires: budgetPercent of a periodDays budget spent
// within longMinutes, rounded to 1/1000 as modules/slo-alarms rounds it.
func BurnRate(budgetPercent, periodDays, longMinutes float64) float64 {
	return math.Floor(budgetPercent/100*periodDays*24*60/longMinutes*1000+0.5) / 1000
}

func readYAML(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		return fmt.Errorf("decode %s: %w", path, err)
	}
	return nil
}

// ForService returns the alarms of one service, SLO alarms first, in the order of their
// definitions. root is the repository root.
func ForService(root, service string) ([]Alarm, error) {
	var obs observability
	if err := readYAML(filepath.Join(root, "services", service, "observability.yaml"), &obs); err != nil {
		return nil, err
	}
	var rates burnRates
	if err := readYAML(filepath.Join(root, "modules", "slo-alarms", "burn-rates.yaml"), &rates); err != nil {
		return nil, err
	}
	var cat catalogue
	if err := readYAML(filepath.Join(root, "modules", "service-alarms", "catalogue.yaml"), &cat); err != nil {
		return nil, err
	}
	thresholds, err := Thresholds(root)
	if err != nil {
		return nil, err
	}
	var out []Alarm
	for _, s := range obs.SLOs {
		for _, r := range rates.Rules {
			out = append(out, Alarm{
				Name:     fmt.Sprintf("slo-%s-%s", s.Key, r.Key),
				Severity: r.Severity,
				When: fmt.Sprintf("%s / %s burns the %s SLO (%s) above %sx over %s and over %s (%s %% of the %s-day budget)",
					s.Bad, s.Total, s.Key, strings.TrimSuffix(s.Description, "."), num(BurnRate(r.BudgetPercent, s.PeriodDays, r.LongMinutes)),
					minutes(r.LongMinutes), minutes(r.ShortMinutes), num(r.BudgetPercent), num(s.PeriodDays)),
				Runbook: s.Runbook,
			})
		}
	}
	parts := cat.Documents[service]
	for _, a := range cat.Alarms {
		if !contains(parts, a.Part) {
			continue
		}
		out = append(out, Alarm{
			Name:     "alarm-" + a.Key,
			Severity: a.Severity,
			When:     fmt.Sprintf("%s. Threshold `%s`: %s.", strings.TrimSuffix(a.Summary, "."), a.Threshold, envValues(thresholds, a.Threshold)),
			Runbook:  "runbook-" + a.Key,
		})
	}
	return out, nil
}

// Thresholds reads alarms.thresholds from every terraform/<env>/env/main.tf: env -> key -> value.
func Thresholds(root string) (map[string]map[string]float64, error) {
	files, err := filepath.Glob(filepath.Join(root, "terraform", "*", "env", "main.tf"))
	if err != nil {
		return nil, fmt.Errorf("find environments: %w", err)
	}
	out := map[string]map[string]float64{}
	for _, f := range files {
		env := filepath.Base(filepath.Dir(filepath.Dir(f)))
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", f, err)
		}
		file, diags := hclsyntax.ParseConfig(src, f, hcl.InitialPos)
		if diags.HasErrors() {
			return nil, fmt.Errorf("parse %s: %w", f, diags)
		}
		body, _ := file.Body.(*hclsyntax.Body)
		for _, b := range body.Blocks {
			attr, ok := b.Body.Attributes["alarms"]
			if b.Type != "locals" || !ok {
				continue
			}
			v, diags := attr.Expr.Value(nil)
			if diags.HasErrors() {
				return nil, fmt.Errorf("%s: locals.alarms is not a literal: %w", f, diags)
			}
			if !v.Type().IsObjectType() || !v.Type().HasAttribute("thresholds") {
				return nil, fmt.Errorf("%s: locals.alarms has no thresholds", f)
			}
			out[env] = map[string]float64{}
			for k, t := range v.GetAttr("thresholds").AsValueMap() {
				if t.Type() != cty.Number {
					return nil, fmt.Errorf("%s: alarms.thresholds.%s is not a number", f, k)
				}
				x, _ := t.AsBigFloat().Float64()
				out[env][k] = x
			}
		}
	}
	return out, nil
}

func envValues(thresholds map[string]map[string]float64, key string) string {
	envs := make([]string, 0, len(thresholds))
	for env := range thresholds {
		envs = append(envs, env)
	}
	sort.Strings(envs)
	var parts []string
	for _, env := range envs {
		v, ok := thresholds[env][key]
		if !ok {
			parts = append(parts, env+" (no value)")
			continue
		}
		parts = append(parts, env+" "+num(v))
	}
	return strings.Join(parts, ", ")
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func minutes(m float64) string {
	switch {
	case m >= 1440 && math.Mod(m, 1440) == 0:
		return num(m/1440) + " d"
	case m >= 60 && math.Mod(m, 60) == 0:
		return num(m/60) + " h"
	}
	return num(m) + " min"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Table renders the alarms as the Markdown table that goes between the markers.
func Table(service string, alarms []Alarm) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Generated by `make tf/docs` from services/%s/observability.yaml, modules/slo-alarms/burn-rates.yaml,\n", service)
	b.WriteString("modules/service-alarms/catalogue.yaml and terraform/<env>/env; `make tf/docs-check` fails when it is\n")
	fmt.Fprintf(&b, "out of date. Names are `tsumiki-<env>-%s-<name>`. prd sends page alarms to the pages topic,\n", service)
	b.WriteString("stg to its tickets topic.\n\n")
	b.WriteString("| alarm | severity | fires when | runbook |\n|---|---|---|---|\n")
	for _, a := range alarms {
		fmt.Fprintf(&b, "| `%s` | %s | %s | [%s](#%s) |\n", a.Name, a.Severity, strings.ReplaceAll(a.When, "|", "\\|"), a.Runbook, a.Runbook)
	}
	return b.String()
}

// Update rewrites (or with check only compares) the table in design-docs/<service>.md and
// says whether it differed.
func Update(root, service string, check bool) (bool, error) {
	alarms, err := ForService(root, service)
	if err != nil {
		return false, err
	}
	path := filepath.Join(root, "design-docs", service+".md")
	doc, err := os.ReadFile(path)
	if err != nil {
		return false, fmt.Errorf("read design doc: %w", err)
	}
	i := bytes.Index(doc, []byte(Begin))
	j := bytes.Index(doc, []byte(End))
	if i < 0 || j < i {
		return false, fmt.Errorf("%s: %w", path, ErrNoMarkers)
	}
	want := Begin + "\n" + Table(service, alarms) + End
	got := string(doc[i : j+len(End)])
	if got == want {
		return false, nil
	}
	if check {
		return true, nil
	}
	out := append(append(append([]byte{}, doc[:i]...), want...), doc[j+len(End):]...)
	if err := os.WriteFile(path, out, 0o644); err != nil {
		return false, fmt.Errorf("write design doc: %w", err)
	}
	return true, nil
}

// Services are the services with an observability.yaml under root, sorted.
func Services(root string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(root, "services", "*", "observability.yaml"))
	if err != nil {
		return nil, fmt.Errorf("find services: %w", err)
	}
	out := make([]string, 0, len(files))
	for _, f := range files {
		out = append(out, filepath.Base(filepath.Dir(f)))
	}
	sort.Strings(out)
	return out, nil
}
