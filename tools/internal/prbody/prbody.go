// Package prbody checks a pull request description: the Summary (概要) and How it was verified
// (動作確認) sections must exist and be filled in, not left as the template's comments or a
// placeholder.
package prbody

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Section is a required section: any heading containing one of Names (case-insensitive)
// matches.
type Section struct {
	// Title is how errors name the section.
	Title string
	// Names are the heading texts that match, in every language the template uses.
	Names []string
}

// Required are the sections every pull request must fill in.
var Required = []Section{
	{Title: "Summary", Names: []string{"summary", "概要"}},
	{Title: "How it was verified", Names: []string{"how it was verified", "動作確認"}},
}

var (
	commentRE  = regexp.MustCompile(`(?s)<!--.*?-->`)
	headingRE  = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
	fenceRE    = regexp.MustCompile("^\\s*(```|~~~)")
	emptyRE    = regexp.MustCompile(`^\s*([-*+]|\d+\.)?\s*(\[[ xX]?\])?\s*$`)
	placeholds = map[string]bool{
		"todo": true, "tbd": true, "tba": true, "n/a": true, "na": true, "...": true, "…": true,
		"-": true, "none": true, "なし": true, "tbd.": true, "wip": true, "xxx": true,
	}
)

// Check returns nil when every required section is present and filled in, or one error
// listing every problem, each naming the section.
func Check(body string) error {
	sections := split(commentRE.ReplaceAllString(strings.ReplaceAll(body, "\r\n", "\n"), ""))
	var errs []error
	for _, req := range Required {
		content, found := find(sections, req)
		switch {
		case !found:
			errs = append(errs, fmt.Errorf("section %q is missing: add a heading \"## %s\" and fill it in", req.Title, req.Title))
		case !filled(content):
			errs = append(errs, fmt.Errorf("section %q is empty or a placeholder: say what you did", req.Title))
		}
	}
	return errors.Join(errs...)
}

type section struct {
	heading string
	level   int
	open    bool
	lines   []string
}

// split cuts the body at headings (outside code fences); a section runs to the next heading
// of the same or a higher level, so subsections belong to it. Lines are kept without the
// section's own heading.
func split(body string) []section {
	var all []section
	inFence := false
	for _, line := range strings.Split(body, "\n") {
		if fenceRE.MatchString(line) {
			inFence = !inFence
		}
		if m := headingRE.FindStringSubmatch(line); m != nil && !inFence {
			lvl := len(m[1])
			for i := range all {
				if all[i].open && all[i].level >= lvl {
					all[i].open = false
				}
			}
			for i := range all {
				if all[i].open {
					all[i].lines = append(all[i].lines, line)
				}
			}
			all = append(all, section{heading: strings.ToLower(m[2]), level: lvl, open: true})
			continue
		}
		for i := range all {
			if all[i].open {
				all[i].lines = append(all[i].lines, line)
			}
		}
	}
	return all
}

func find(sections []section, req Section) (string, bool) {
	for _, s := range sections {
		for _, n := range req.Names {
			if strings.Contains(s.heading, n) {
				return strings.Join(s.lines, "\n"), true
			}
		}
	}
	return "", false
}

// filled says whether content holds something beyond blank list items and placeholders.
func filled(content string) bool {
	var words []string
	for _, line := range strings.Split(content, "\n") {
		if headingRE.MatchString(line) || emptyRE.MatchString(line) {
			continue
		}
		words = append(words, strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "-*+ ")))
	}
	text := strings.ToLower(strings.TrimSpace(strings.Join(words, " ")))
	return text != "" && !placeholds[text]
}
