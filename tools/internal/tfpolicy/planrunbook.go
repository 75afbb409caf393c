package tfpolicy

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// --- plan-alarm-runbook
//
// Every alarm names its runbook: its alarm_description ends with design-docs/<doc>.md#<anchor>
// (the team contract), and <anchor> is a "### " heading inside that doc's "## Runbooks"
// section, with GitHub's anchor rules. Judged on the plan, where the description is rendered
// (the modules build it from observability.yaml and the catalogue).

// alarmTypes are the resource types that notify someone.
var alarmTypes = map[string]bool{"aws_cloudwatch_metric_alarm": true, "aws_cloudwatch_composite_alarm": true}

// runbookRef is how a description ends: the URL-less path of a design doc and an anchor.
var runbookRef = regexp.MustCompile(`(design-docs/[a-z0-9][a-z0-9-]*\.md)#([a-z0-9][a-z0-9-]*)$`)

func skippedPlanAlarmRunbook(_ *PlanFile, opts PlanOptions) string {
	if opts.DocsRoot == "" {
		return "no repository root with design-docs/ given (-root)"
	}
	return ""
}

func checkPlanAlarmRunbook(p *PlanFile, opts PlanOptions) []PlanFinding {
	const id = "plan-alarm-runbook"
	if skippedPlanAlarmRunbook(p, opts) != "" {
		return nil
	}
	anchors := map[string]map[string]bool{} // doc -> anchors, read once per doc
	var out []PlanFinding
	for _, r := range p.Resources() {
		if !alarmTypes[r.Type] {
			continue
		}
		desc, known := r.str("alarm_description")
		if !known && r.Values["alarm_description"] == nil {
			if _, unknownLater := r.Values["alarm_description"]; !unknownLater {
				out = append(out, p.finding(id, r, "the alarm has no alarm_description; end it with design-docs/<service>.md#<runbook anchor>"))
			}
			continue
		}
		m := runbookRef.FindStringSubmatch(desc)
		if m == nil {
			out = append(out, p.finding(id, r, "alarm_description %q does not end with design-docs/<service>.md#<anchor>, the runbook an engineer opens when it fires", desc))
			continue
		}
		doc, anchor := m[1], m[2]
		if _, ok := anchors[doc]; !ok {
			found, err := RunbookAnchors(filepath.Join(opts.DocsRoot, doc))
			if err != nil {
				out = append(out, p.finding(id, r, "runbook %s#%s: %v", doc, anchor, err))
				continue
			}
			anchors[doc] = found
		}
		if !anchors[doc][anchor] {
			out = append(out, p.finding(id, r, "runbook %s#%s does not exist: add a \"### \" heading with that anchor under \"## Runbooks\" in %s", doc, anchor, doc))
		}
	}
	return out
}

// RunbookAnchors returns the GitHub anchors of the "### " headings inside the "## Runbooks"
// section of a Markdown file.
func RunbookAnchors(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open design doc: %w", err)
	}
	defer f.Close()
	out := map[string]bool{}
	in, fenced := false, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
		}
		switch {
		case fenced:
		case strings.HasPrefix(line, "## "):
			in = strings.TrimSpace(strings.TrimPrefix(line, "## ")) == "Runbooks"
		case in && strings.HasPrefix(line, "### "):
			out[GitHubAnchor(strings.TrimPrefix(line, "### "))] = true
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read design doc %s: %w", path, err)
	}
	return out, nil
}

// GitHubAnchor is the anchor GitHub gives a heading: lower-case, punctuation other than
// hyphens and underscores dropped, each space a hyphen.
func GitHubAnchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || ('a' <= r && r <= 'z') || ('0' <= r && r <= '9'):
			b.WriteRune(r)
		case r > 127: // letters of other scripts stay
			b.WriteRune(r)
		}
	}
	return b.String()
}
