package svcdef

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// CodeownersFile is where GitHub reads the code owners, relative to the repository root.
const CodeownersFile = ".github/CODEOWNERS"

// codeownersRule is one line of CODEOWNERS: a path pattern and its owners.
type codeownersRule struct {
	line    int
	pattern string
	match   *regexp.Regexp
	owners  []string
}

// CheckCodeowners checks .github/CODEOWNERS under root against the definitions: the rule that
// GitHub applies (the last matching one) to each service's folder and to its design doc
// (design-docs/<name>.md) names every owner the definition lists, and no rule names a
// services/<name>/ folder or design doc of a service that does not exist. It reports every
// problem at once; each names the file and line or the service's definition.
func CheckCodeowners(root string, services []Service) error {
	rules, err := readCodeowners(filepath.Join(root, filepath.FromSlash(CodeownersFile)))
	if err != nil {
		return err
	}
	var errs []error
	for _, s := range services {
		for _, p := range []struct{ what, file, pattern string }{
			{"folder", s.File(), "/" + s.Path() + "/"},
			{"design doc", "design-docs/" + s.Name + ".md", "/design-docs/" + s.Name + ".md"},
		} {
			rule, ok := lastMatch(rules, p.file)
			var missing []string
			for _, o := range s.Owners {
				if !ok || !slices.Contains(rule.owners, o) {
					missing = append(missing, o)
				}
			}
			if len(missing) == 0 {
				continue
			}
			where := "no rule matches it"
			if ok {
				where = fmt.Sprintf("line %d (%s) gives it to %s", rule.line, rule.pattern, strings.Join(rule.owners, " "))
			}
			errs = append(errs, fmt.Errorf("%s: the %s of %s must be owned by %s as %s (owners) says; %s; add `%s %s` after the rules that match it",
				CodeownersFile, p.what, s.Name, strings.Join(missing, " "), s.File(), where, p.pattern, strings.Join(s.Owners, " ")))
		}
	}
	known := Names(services)
	stale := regexp.MustCompile(`^/?(?:services/([^/*]+)/?|design-docs/([^/*]+)\.md)$`)
	for _, r := range rules {
		m := stale.FindStringSubmatch(r.pattern)
		if m == nil {
			continue
		}
		name := m[1] + m[2]
		if name != "TEMPLATE" && !slices.Contains(known, name) {
			errs = append(errs, fmt.Errorf("%s:%d: %s: no service %q (services/%s/%s); remove the rule", CodeownersFile, r.line, r.pattern, name, name, FileName))
		}
	}
	return errors.Join(errs...)
}

// readCodeowners parses a CODEOWNERS file.
func readCodeowners(file string) ([]codeownersRule, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read code owners: %w", err)
	}
	return parseCodeowners(string(data))
}

// parseCodeowners parses the content of a CODEOWNERS file.
func parseCodeowners(content string) ([]codeownersRule, error) {
	var rules []codeownersRule
	sc := bufio.NewScanner(strings.NewReader(content))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, " #"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		rules = append(rules, codeownersRule{line: n, pattern: fields[0], match: patternRegexp(fields[0]), owners: fields[1:]})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read code owners: %w", err)
	}
	return rules, nil
}

// lastMatch returns the rule GitHub applies to file (a slash path from the root): the last
// matching one.
func lastMatch(rules []codeownersRule, file string) (codeownersRule, bool) {
	for i := len(rules) - 1; i >= 0; i-- {
		if rules[i].match.MatchString(file) {
			return rules[i], true
		}
	}
	return codeownersRule{}, false
}

// patternRegexp translates a CODEOWNERS (gitignore-style) pattern into a regular expression
// over slash paths from the repository root: a leading or inner slash anchors it at the root,
// a trailing slash matches everything below a folder, * matches within one path element and
// ** across elements.
func patternRegexp(p string) *regexp.Regexp {
	anchored := strings.Contains(strings.TrimSuffix(p, "/"), "/")
	dir := strings.HasSuffix(p, "/")
	p = strings.Trim(p, "/")
	var b strings.Builder
	b.WriteString("^")
	if !anchored {
		b.WriteString("(?:.*/)?")
	}
	for i := 0; i < len(p); i++ {
		switch {
		case strings.HasPrefix(p[i:], "**/"):
			b.WriteString("(?:.*/)?")
			i += 2
		case strings.HasPrefix(p[i:], "**"):
			b.WriteString(".*")
			i++
		case p[i] == '*':
			b.WriteString("[^/]*")
		case p[i] == '?':
			b.WriteString("[^/]")
		default:
			b.WriteString(regexp.QuoteMeta(p[i : i+1]))
		}
	}
	if dir {
		b.WriteString("/.*$")
	} else {
		b.WriteString("(?:/.*)?$")
	}
	return regexp.MustCompile(b.String())
}

// GenerateCodeowners returns the CODEOWNERS content with the rules the check wants: for each
// service whose folder or design doc is not owned by its owners, the rules
// `/services/<name>/ <owners>` and `/design-docs/<name>.md <owners>` are added after the last
// rule for a service folder or design doc (or at the end); rules for services that no longer
// exist are removed. Everything else is kept as it is.
func GenerateCodeowners(content []byte, services []Service) ([]byte, error) {
	rules, err := parseCodeowners(string(content))
	if err != nil {
		return nil, err
	}
	known := Names(services)
	serviceRule := regexp.MustCompile(`^/?(?:services/([^/*]+)/?|design-docs/([^/*]+)\.md)$`)
	drop := map[int]bool{}
	last := -1
	for _, r := range rules {
		m := serviceRule.FindStringSubmatch(r.pattern)
		if m == nil || m[1]+m[2] == "TEMPLATE" {
			continue
		}
		if !slices.Contains(known, m[1]+m[2]) {
			drop[r.line] = true
			continue
		}
		last = r.line
	}
	var add []string
	for _, s := range services {
		for _, p := range []struct{ file, pattern string }{
			{s.File(), "/" + s.Path() + "/"},
			{"design-docs/" + s.Name + ".md", "/design-docs/" + s.Name + ".md"},
		} {
			rule, ok := lastMatch(rules, p.file)
			owned := ok
			for _, o := range s.Owners {
				owned = owned && slices.Contains(rule.owners, o)
			}
			if !owned {
				add = append(add, fmt.Sprintf("%-27s %s", p.pattern, strings.Join(s.Owners, " ")))
			}
		}
	}
	lines := strings.SplitAfter(string(content), "\n")
	var b strings.Builder
	for i, l := range lines {
		n := i + 1
		if !drop[n] {
			b.WriteString(l)
		}
		if n == last && len(add) > 0 {
			b.WriteString(strings.Join(add, "\n") + "\n")
			add = nil
		}
	}
	if len(add) > 0 {
		out := b.String()
		if out != "" && !strings.HasSuffix(out, "\n") {
			b.WriteString("\n")
		}
		b.WriteString(strings.Join(add, "\n") + "\n")
	}
	return []byte(b.String()), nil
}
