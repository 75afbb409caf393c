package svcdef

import (
	"bytes"
	"fmt"
	"strings"
)

// ReadmeFile is the document whose service table and design doc list GenerateReadme writes,
// relative to the repository root.
const ReadmeFile = "README.md"

// readmeBlocks render the generated blocks of the README, by name: the text between
// <!-- svcdef:NAME --> and <!-- /svcdef:NAME --> lines.
var readmeBlocks = map[string]func([]Service) string{
	"services": func(services []Service) string {
		var b strings.Builder
		b.WriteString("| service | kind | what it is |\n|---|---|---|\n")
		for _, s := range services {
			fmt.Fprintf(&b, "| [%s](%s) | %s | %s |\n", s.Path(), s.Path(), kindLabel[s.Kind], strings.Join(strings.Fields(s.Description), " "))
		}
		return b.String()
	},
	"design-docs": func(services []Service) string {
		var b strings.Builder
		for _, s := range services {
			fmt.Fprintf(&b, "- [%s](design-docs/%s.md)\n", s.Name, s.Name)
		}
		return b.String()
	},
}

// kindLabel says in a few words how a service of each kind runs.
var kindLabel = map[string]string{
	KindHTTP:   "HTTP service on ECS behind the load balancer",
	KindWorker: "worker on ECS, no ingress",
	KindLambda: "Lambda fed by SQS",
}

// GenerateReadme returns readme with every generated block (between <!-- svcdef:NAME --> and
// <!-- /svcdef:NAME -->: "services", the table of services, and "design-docs", the list of
// their design docs) rewritten from the definitions. It fails on an unknown or unclosed block.
func GenerateReadme(readme []byte, services []Service) ([]byte, error) {
	lines := bytes.SplitAfter(readme, []byte("\n"))
	var out bytes.Buffer
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(string(lines[i]))
		out.Write(lines[i])
		name, ok := strings.CutPrefix(line, "<!-- svcdef:")
		if !ok {
			continue
		}
		name = strings.TrimSpace(strings.TrimSuffix(name, "-->"))
		render, known := readmeBlocks[name]
		if !known {
			return nil, fmt.Errorf("%s:%d: unknown generated block %q", ReadmeFile, i+1, name)
		}
		end := "<!-- /svcdef:" + name + " -->"
		j := i + 1
		for j < len(lines) && strings.TrimSpace(string(lines[j])) != end {
			j++
		}
		if j == len(lines) {
			return nil, fmt.Errorf("%s:%d: generated block %q has no %s line", ReadmeFile, i+1, name, end)
		}
		out.WriteString(render(services))
		out.Write(lines[j])
		i = j
	}
	return out.Bytes(), nil
}
