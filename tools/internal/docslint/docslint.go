// Package docslint checks the design docs: every service under services/ has
// design-docs/<name>.md, every checklist section of design-docs/TEMPLATE.md is present and
// filled in (not empty, not a placeholder, not the template's hint), every mermaid block
// parses, and every relative link points at a file that exists.
//
// Findings name the file, the section and the reason, so a failing `make docs/lint` says what
// to fix without opening the tool.
package docslint

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Sections are the checklist sections every design doc must have, as `## ` headings, in the
// order of design-docs/TEMPLATE.md. Matching is case-insensitive; a doc may add sections of
// its own anywhere.
var Sections = []string{
	"Service",
	"Sequence diagram",
	"AWS architecture diagram",
	"Background",
	"Technology",
	"Goals and non-goals",
	"Interface",
	"Dependencies",
	"Expected load and growth",
	"Scaling",
	"SLO",
	"Database",
	"Backup and recovery",
	"Personal data",
	"Security considerations",
	"Cost",
	"Alerts",
	"Incident response",
	"Runbooks",
	"References",
}

// AlertsSection is the section that holds the generated table of a service's alarms, between
// AlertsBegin and AlertsEnd (each once, in that order). The alarms generator writes the table
// and its check keeps it current; this linter only demands the markers, so a doc always has a
// place for the table.
const (
	AlertsSection = "Alerts"
	AlertsBegin   = "<!-- alerts:begin -->"
	AlertsEnd     = "<!-- alerts:end -->"
)

// SupportingDocs are the design docs that belong to no one service, so the checklist does not
// apply to them; their links and mermaid diagrams are checked like any doc's. platform-runbooks.md
// holds the runbooks of platform-wide alarms (the SNS topics, the overview), which the alarms'
// descriptions link to (design-docs/<doc>.md#<anchor>).
var SupportingDocs = map[string]bool{"platform-runbooks.md": true}

// diagramSections must each hold at least one mermaid block.
var diagramSections = map[string]bool{"sequence diagram": true, "aws architecture diagram": true}

// Finding is one problem in one file.
type Finding struct {
	// File is the path relative to the repository root.
	File string
	// Section is the `## ` heading the problem is under; empty for the whole file.
	Section string
	// Reason says what is wrong, in words a writer can act on.
	Reason string
}

// String formats the finding as "file: section "X": reason".
func (f Finding) String() string {
	if f.Section == "" {
		return fmt.Sprintf("%s: %s", f.File, f.Reason)
	}
	return fmt.Sprintf("%s: section %q: %s", f.File, f.Section, f.Reason)
}

// MermaidParser parses mermaid diagrams. Parse returns one error per diagram (nil when the
// diagram parses), in the order given; the error of the call itself means the parser could
// not run at all.
type MermaidParser interface {
	Parse(ctx context.Context, diagrams []string) ([]error, error)
}

// Linter checks the design docs of one repository.
type Linter struct {
	// Root is the repository root: it holds services/ and design-docs/.
	Root string
	// Mermaid parses the diagrams. Nil skips the diagram syntax check (the other checks,
	// including "a diagram section has a mermaid block", still run).
	Mermaid MermaidParser
	// MermaidDocs, when not nil, narrows the diagram syntax check to these docs, named as
	// findings name them (design-docs/<name>.md, relative to Root); the sections and links of
	// every doc are still checked. Nil parses the diagrams of every doc. Rendering a diagram
	// starts a browser, so a caller that changed a few docs names them here. Run returns an
	// error wrapping ErrNotDesignDoc for a path that is not one of the docs it checks.
	MermaidDocs []string
}

// ErrNotDesignDoc means a path given as a design doc (Linter.MermaidDocs) is not one: not
// design-docs/<name>.md, TEMPLATE.md or README.md, or no such file.
var ErrNotDesignDoc = errors.New("not a design doc")

// IsDesignDoc reports whether rel (relative to the repository root, slash-separated) names a
// design doc the linter checks: design-docs/<name>.md other than TEMPLATE.md and README.md.
func IsDesignDoc(rel string) bool {
	base := path.Base(rel)
	return path.Dir(rel) == "design-docs" && path.Ext(base) == ".md" && base != "TEMPLATE.md" && base != "README.md"
}

// section is one `## ` section of a doc.
type section struct {
	title string
	line  int
	body  string
}

// mermaidBlock is one ```mermaid fenced block.
type mermaidBlock struct {
	section string
	line    int
	source  string
}

// doc is a parsed design doc.
type doc struct {
	rel      string
	sections []section
	mermaid  []mermaidBlock
	links    []link
}

// link is one markdown link or image target.
type link struct {
	section string
	line    int
	target  string
}

// Run checks every design doc and returns the findings, sorted by file and line. The error is
// for problems that stop the check itself (an unreadable directory, a mermaid parser that
// cannot start), not for problems in the docs.
func (l Linter) Run(ctx context.Context) ([]Finding, error) {
	var findings []Finding
	docsDir := filepath.Join(l.Root, "design-docs")

	template, err := os.ReadFile(filepath.Join(docsDir, "TEMPLATE.md"))
	if err != nil {
		return nil, fmt.Errorf("read the template: %w", err)
	}
	hints := templateHints(string(template))

	services, err := listDirs(filepath.Join(l.Root, "services"))
	if err != nil {
		return nil, fmt.Errorf("list services: %w", err)
	}
	for _, s := range services {
		if _, err := os.Stat(filepath.Join(docsDir, s+".md")); err != nil {
			findings = append(findings, Finding{
				File:   "design-docs/" + s + ".md",
				Reason: fmt.Sprintf("missing: services/%s has no design doc (copy design-docs/TEMPLATE.md)", s),
			})
		}
	}

	paths, err := filepath.Glob(filepath.Join(docsDir, "*.md"))
	if err != nil {
		return nil, fmt.Errorf("list design docs: %w", err)
	}
	var docs []doc
	for _, p := range paths {
		base := filepath.Base(p)
		if !IsDesignDoc("design-docs/" + base) {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", p, err)
		}
		d := parse("design-docs/"+base, string(b))
		if !SupportingDocs[base] {
			findings = append(findings, checkSections(d, hints)...)
		}
		findings = append(findings, l.checkLinks(d)...)
		docs = append(docs, d)
	}

	diagrams, err := l.mermaidDocs(docs)
	if err != nil {
		return nil, err
	}
	mf, err := l.checkMermaid(ctx, diagrams)
	if err != nil {
		return nil, err
	}
	findings = append(findings, mf...)
	sort.SliceStable(findings, func(i, j int) bool { return findings[i].File < findings[j].File })
	return findings, nil
}

// listDirs returns the names of the directories in dir; a missing dir has none.
func listDirs(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", dir, err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

var (
	headingRE = regexp.MustCompile(`^##\s+(.+?)\s*#*\s*$`)
	fenceRE   = regexp.MustCompile("^\\s*(```|~~~)\\s*([A-Za-z0-9_-]*)")
	linkRE    = regexp.MustCompile(`!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)`)
	commentRE = regexp.MustCompile(`(?s)<!--.*?-->`)
	inlineRE  = regexp.MustCompile("`[^`]*`")
)

// parse splits a doc into its `## ` sections, mermaid blocks and links. Text inside fenced
// code blocks is never taken for a heading or a link.
func parse(rel, text string) doc {
	d := doc{rel: rel}
	lines := strings.Split(text, "\n")
	var cur *section
	var fence, fenceLang string
	var block []string
	blockLine := 0
	for i, line := range lines {
		n := i + 1
		if fence != "" {
			if strings.HasPrefix(strings.TrimSpace(line), fence) {
				if fenceLang == "mermaid" {
					d.mermaid = append(d.mermaid, mermaidBlock{section: titleOf(cur), line: blockLine, source: strings.Join(block, "\n")})
				}
				fence, fenceLang, block = "", "", nil
			} else {
				block = append(block, line)
			}
			if cur != nil {
				cur.body += line + "\n"
			}
			continue
		}
		if m := fenceRE.FindStringSubmatch(line); m != nil {
			fence, fenceLang, blockLine = m[1], strings.ToLower(m[2]), n
			if cur != nil {
				cur.body += line + "\n"
			}
			continue
		}
		if m := headingRE.FindStringSubmatch(line); m != nil && !strings.HasPrefix(line, "###") {
			d.sections = append(d.sections, section{title: m[1], line: n})
			cur = &d.sections[len(d.sections)-1]
			continue
		}
		for _, m := range linkRE.FindAllStringSubmatch(inlineRE.ReplaceAllString(line, ""), -1) {
			d.links = append(d.links, link{section: titleOf(cur), line: n, target: m[1]})
		}
		if cur != nil {
			cur.body += line + "\n"
		}
	}
	return d
}

func titleOf(s *section) string {
	if s == nil {
		return ""
	}
	return s.title
}

// placeholders are bodies that only stand in for content.
var placeholderRE = regexp.MustCompile(`(?i)^(todo|tbd|tbc|fixme|xxx|n/?a|\.\.\.|…|-|<[^>]*>|\[[^\]]*\]|\(?to be (written|decided|done)\)?)[.!:]?$`)

// placeholderWordRE finds TODO/TBD markers anywhere in a section.
var placeholderWordRE = regexp.MustCompile(`\b(TODO|TBD|FIXME)\b`)

// meaningful returns the body without HTML comments and surrounding space.
func meaningful(body string) string {
	return strings.TrimSpace(commentRE.ReplaceAllString(body, ""))
}

// templateHints maps each lower-cased section title of the template to its meaningful body,
// so a doc that keeps the template's hint text is caught.
func templateHints(template string) map[string]string {
	hints := map[string]string{}
	for _, s := range parse("TEMPLATE.md", template).sections {
		if h := meaningful(s.body); h != "" {
			hints[strings.ToLower(s.title)] = normalize(h)
		}
	}
	return hints
}

func normalize(s string) string { return strings.Join(strings.Fields(s), " ") }

// checkSections reports checklist sections that are missing, empty, placeholders or the
// template's hint text, and diagram sections without a mermaid block.
func checkSections(d doc, hints map[string]string) []Finding {
	var findings []Finding
	byTitle := map[string]section{}
	for _, s := range d.sections {
		byTitle[strings.ToLower(s.title)] = s
	}
	for _, want := range Sections {
		key := strings.ToLower(want)
		s, ok := byTitle[key]
		if !ok {
			findings = append(findings, Finding{File: d.rel, Section: want, Reason: "missing: add a '## " + want + "' section (see design-docs/TEMPLATE.md)"})
			continue
		}
		body := meaningful(s.body)
		switch {
		case body == "":
			findings = append(findings, Finding{File: d.rel, Section: want, Reason: fmt.Sprintf("empty (line %d)", s.line)})
		case placeholderRE.MatchString(body):
			findings = append(findings, Finding{File: d.rel, Section: want, Reason: fmt.Sprintf("placeholder %q instead of content (line %d)", body, s.line)})
		case placeholderWordRE.MatchString(body):
			findings = append(findings, Finding{File: d.rel, Section: want, Reason: fmt.Sprintf("contains %q: finish the section (line %d)", placeholderWordRE.FindString(body), s.line)})
		case hints[key] != "" && normalize(body) == hints[key]:
			findings = append(findings, Finding{File: d.rel, Section: want, Reason: fmt.Sprintf("still the template's hint text (line %d)", s.line)})
		}
		if key == strings.ToLower(AlertsSection) {
			if reason := checkAlertsMarkers(s.body); reason != "" {
				findings = append(findings, Finding{File: d.rel, Section: want, Reason: fmt.Sprintf("%s (line %d)", reason, s.line)})
			}
		}
		if diagramSections[key] && body != "" {
			has := false
			for _, b := range d.mermaid {
				if strings.EqualFold(b.section, want) {
					has = true
				}
			}
			if !has {
				findings = append(findings, Finding{File: d.rel, Section: want, Reason: "needs a ```mermaid diagram"})
			}
		}
	}
	return findings
}

// checkAlertsMarkers returns why the Alerts section's markers are wrong, or "" when
// AlertsBegin and AlertsEnd each stand once, on lines of their own, in that order.
func checkAlertsMarkers(body string) string {
	lines := strings.Split(body, "\n")
	begin, end := -1, -1
	for i, line := range lines {
		switch strings.TrimSpace(line) {
		case AlertsBegin:
			if begin >= 0 {
				return "has " + AlertsBegin + " twice; keep one"
			}
			begin = i
		case AlertsEnd:
			if end >= 0 {
				return "has " + AlertsEnd + " twice; keep one"
			}
			end = i
		}
	}
	switch {
	case begin < 0 || end < 0:
		return fmt.Sprintf("needs the markers %s and %s, each on a line of its own (the alarms table is generated between them)", AlertsBegin, AlertsEnd)
	case end < begin:
		return fmt.Sprintf("%s comes before %s; swap them", AlertsEnd, AlertsBegin)
	}
	return ""
}

// checkLinks reports relative links whose file does not exist. Web, mail and in-page links
// are not checked.
func (l Linter) checkLinks(d doc) []Finding {
	var findings []Finding
	for _, ln := range d.links {
		t := ln.target
		if t == "" || strings.HasPrefix(t, "#") || strings.Contains(t, "://") || strings.HasPrefix(t, "mailto:") {
			continue
		}
		if i := strings.IndexAny(t, "#?"); i >= 0 {
			t = t[:i]
		}
		var p string
		if strings.HasPrefix(t, "/") {
			p = filepath.Join(l.Root, filepath.FromSlash(t))
		} else {
			p = filepath.Join(l.Root, filepath.Dir(filepath.FromSlash(d.rel)), filepath.FromSlash(t))
		}
		if _, err := os.Stat(p); err != nil {
			findings = append(findings, Finding{File: d.rel, Section: ln.section, Reason: fmt.Sprintf("line %d: link to %s: no such file", ln.line, ln.target)})
		}
	}
	return findings
}

// mermaidDocs returns the docs whose diagrams are parsed: all of docs, or those that
// l.MermaidDocs names. A name that is not one of docs is an error wrapping ErrNotDesignDoc.
func (l Linter) mermaidDocs(docs []doc) ([]doc, error) {
	if l.MermaidDocs == nil {
		return docs, nil
	}
	byRel := map[string]doc{}
	for _, d := range docs {
		byRel[d.rel] = d
	}
	var out []doc
	var bad []string
	seen := map[string]bool{}
	for _, name := range l.MermaidDocs {
		rel := path.Clean(filepath.ToSlash(name))
		d, ok := byRel[rel]
		if !ok {
			bad = append(bad, name)
			continue
		}
		if !seen[rel] {
			seen[rel] = true
			out = append(out, d)
		}
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("%w: %s (name design-docs/<name>.md relative to the root, an existing doc other than TEMPLATE.md and README.md)", ErrNotDesignDoc, strings.Join(bad, ", "))
	}
	return out, nil
}

// checkMermaid parses every mermaid block of every doc with l.Mermaid.
func (l Linter) checkMermaid(ctx context.Context, docs []doc) ([]Finding, error) {
	if l.Mermaid == nil {
		return nil, nil
	}
	var blocks []mermaidBlock
	var files []string
	var sources []string
	for _, d := range docs {
		for _, b := range d.mermaid {
			blocks = append(blocks, b)
			files = append(files, d.rel)
			sources = append(sources, b.source)
		}
	}
	if len(sources) == 0 {
		return nil, nil
	}
	errs, err := l.Mermaid.Parse(ctx, sources)
	if err != nil {
		return nil, fmt.Errorf("parse mermaid diagrams: %w", err)
	}
	var findings []Finding
	for i, e := range errs {
		if e != nil {
			findings = append(findings, Finding{File: files[i], Section: blocks[i].section, Reason: fmt.Sprintf("mermaid block at line %d does not parse: %v", blocks[i].line, e)})
		}
	}
	return findings, nil
}
