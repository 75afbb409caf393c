package tfcheck

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	tfjson "github.com/hashicorp/terraform-json"
)

// uiMessage is one line of terraform's machine-readable UI (`plan -json`, `apply -json`), with
// the fields Plan and Apply read.
type uiMessage struct {
	Type       string             `json:"type"`
	Diagnostic *tfjson.Diagnostic `json:"diagnostic"`
	// Change is set on planned_change messages.
	Change *struct {
		Resource struct {
			Addr string `json:"addr"`
		} `json:"resource"`
		Action string `json:"action"`
	} `json:"change"`
	// Outputs is set on outputs messages: by output name, the value (absent before an apply).
	Outputs map[string]struct {
		Value json.RawMessage `json:"value"`
	} `json:"outputs"`
}

// uiRun is what a terraform command with machine-readable UI output reported.
type uiRun struct {
	// ok reports whether terraform exited 0.
	ok bool
	// diagnostics are every error and warning terraform reported, in its order.
	diagnostics []Diagnostic
	// messages are every message, diagnostics included, in terraform's order.
	messages []uiMessage
}

// runUI installs dir's modules and runs `terraform <args...>` there, args being a command with
// -json (plan, apply), and reads its messages. A failure with error diagnostics is a uiRun
// whose ok is false; one without any is an error.
func (r Runner) runUI(ctx context.Context, dir string, args ...string) (uiRun, error) {
	if err := r.install(ctx, dir); err != nil {
		return uiRun{}, err
	}
	out, err := r.terraform(ctx, dir, args...)
	if err != nil {
		return uiRun{}, err
	}
	res := uiRun{ok: out.exitCode == 0}
	err = decodeLines(out.stdout, func(m uiMessage) {
		if m.Type == "diagnostic" && m.Diagnostic != nil {
			res.diagnostics = append(res.diagnostics, Diagnostic{Diagnostic: *m.Diagnostic, Dir: dir})
		}
		res.messages = append(res.messages, m)
	})
	if err != nil {
		return uiRun{}, fmt.Errorf("read terraform %s output in %s: %w", args[0], dir, err)
	}
	if !res.ok && len(errorsOf(res.diagnostics)) == 0 {
		return uiRun{}, fmt.Errorf("terraform %s in %s exited %d without a diagnostic:\n%s", args[0], dir, out.exitCode, out.stderr)
	}
	return res, nil
}

// decodeLines decodes every non-blank line of a JSON-lines stream (terraform's -json output)
// into a fresh M and passes it to each, in order. It stops at the first line that is not
// valid JSON for M.
func decodeLines[M any](stream []byte, each func(M)) error {
	sc := bufio.NewScanner(bytes.NewReader(stream))
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var m M
		if err := json.Unmarshal(line, &m); err != nil {
			return fmt.Errorf("line %q: %w", truncate(string(line), 200), err)
		}
		each(m)
	}
	return sc.Err()
}
