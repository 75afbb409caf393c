package docslint

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// MMDC parses mermaid diagrams with the mermaid CLI (@mermaid-js/mermaid-cli, pinned in the
// root package.json), which renders them with mermaid's own parser in a headless Chromium.
type MMDC struct {
	// Command is the path of the mmdc executable, normally <root>/node_modules/.bin/mmdc.
	Command string
	// Chromium is the browser puppeteer drives, normally Debian's /usr/bin/chromium.
	Chromium string
}

// Parse implements MermaidParser. All diagrams are rendered in one mmdc run first (one browser
// start); only when that fails is each diagram rendered alone, to say which ones are broken.
// The returned error means mmdc or the browser could not run at all.
func (m MMDC) Parse(ctx context.Context, diagrams []string) ([]error, error) {
	if _, err := os.Stat(m.Command); err != nil {
		return nil, fmt.Errorf("mermaid CLI %s not found (run `make deps/up`, which runs npm ci): %w", m.Command, err)
	}
	if _, err := os.Stat(m.Chromium); err != nil {
		return nil, fmt.Errorf("chromium %s not found (apt-get install chromium): %w", m.Chromium, err)
	}
	dir, err := os.MkdirTemp("", "docslint-mermaid-")
	if err != nil {
		return nil, fmt.Errorf("create temporary directory: %w", err)
	}
	defer os.RemoveAll(dir)
	config, err := json.Marshal(map[string]any{
		"executablePath": m.Chromium,
		"args": []string{
			"--no-sandbox", "--disable-gpu", "--disable-background-networking",
			"--disable-component-update", "--disable-sync", "--no-first-run",
		},
	})
	if err != nil {
		return nil, fmt.Errorf("encode puppeteer config: %w", err)
	}
	configPath := filepath.Join(dir, "puppeteer.json")
	if err := os.WriteFile(configPath, config, 0o600); err != nil {
		return nil, fmt.Errorf("write puppeteer config: %w", err)
	}

	var all strings.Builder
	for _, d := range diagrams {
		fmt.Fprintf(&all, "```mermaid\n%s\n```\n\n", d)
	}
	errs := make([]error, len(diagrams))
	if m.render(ctx, dir, configPath, "all.md", all.String()) == nil {
		return errs, nil
	}
	for i, d := range diagrams {
		err := m.render(ctx, dir, configPath, fmt.Sprintf("d%d.mmd", i), d)
		var notRun *runError
		if errors.As(err, &notRun) {
			return nil, err
		}
		errs[i] = err
	}
	return errs, nil
}

// runError is a failure of mmdc or the browser itself, not of a diagram.
type runError struct{ msg string }

func (e *runError) Error() string { return e.msg }

// render runs mmdc on one input file and returns the parse error it reports, or a *runError
// when the browser could not be started.
func (m MMDC) render(ctx context.Context, dir, configPath, name, content string) error {
	in := filepath.Join(dir, name)
	if err := os.WriteFile(in, []byte(content), 0o600); err != nil {
		return &runError{msg: fmt.Sprintf("write %s: %v", in, err)}
	}
	out := in + ".out" + filepath.Ext(name)
	if filepath.Ext(name) == ".mmd" {
		out = in + ".svg"
	}
	cmd := exec.CommandContext(ctx, m.Command, "-q", "-p", configPath, "-i", in, "-o", out)
	cmd.Env = append(os.Environ(), "PUPPETEER_SKIP_DOWNLOAD=1")
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Run(); err == nil {
		return nil
	}
	text := output.String()
	if strings.Contains(text, "Failed to launch") || strings.Contains(text, "Could not find Chrom") || ctx.Err() != nil {
		return &runError{msg: "mmdc could not start the browser: " + firstLines(text, 6)}
	}
	return errors.New(parseMessage(text))
}

// parseMessage keeps the part of mmdc's output that explains the parse error: from "Error:"
// up to the first stack frame.
func parseMessage(out string) string {
	lines := strings.Split(out, "\n")
	start := 0
	for i, l := range lines {
		if strings.Contains(l, "Error:") {
			start = i
			break
		}
	}
	var keep []string
	for _, l := range lines[start:] {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "at ") || strings.Contains(t, "Parser.parseError") || strings.Contains(t, ".mjs:") {
			break
		}
		if t != "" {
			keep = append(keep, t)
		}
	}
	if len(keep) == 0 {
		return firstLines(out, 6)
	}
	return strings.Join(keep, " | ")
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, " | ")
}
