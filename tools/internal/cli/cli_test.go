package cli

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestConclude(t *testing.T) {
	errFindings := errors.New("3 findings")
	tests := []struct {
		name      string
		err       error
		findings  error
		otherwise int
		wantCode  int
		wantOut   string
	}{
		{name: "MainSuccess", otherwise: 1, wantCode: 0, wantOut: ""},
		{name: "MainFailure", err: errors.New("boom"), otherwise: 1, wantCode: 1, wantOut: "cmd: boom\n"},
		{name: "MainUsage", err: Usagef("unknown ENV %q; one of: stg prd", "dev"), otherwise: 1, wantCode: 2, wantOut: "cmd: unknown ENV \"dev\"; one of: stg prd\n"},
		{name: "MainWrappedUsage", err: fmt.Errorf("parse: %w", Usagef("bad flag")), otherwise: 1, wantCode: 2, wantOut: "cmd: parse: bad flag\n"},
		{name: "MainExitError", err: ExitError{Code: 2}, otherwise: 1, wantCode: 2, wantOut: ""},
		{name: "CheckFindings", err: fmt.Errorf("check: %w", errFindings), findings: errFindings, otherwise: 2, wantCode: 1, wantOut: "cmd: check: 3 findings\n"},
		{name: "CheckFailure", err: errors.New("terraform failed"), findings: errFindings, otherwise: 2, wantCode: 2, wantOut: "cmd: terraform failed\n"},
		{name: "CheckUsage", err: Usagef("no directories given"), findings: errFindings, otherwise: 2, wantCode: 2, wantOut: "cmd: no directories given\n"},
		{name: "CheckWithoutFindings", err: errors.New("boom"), otherwise: 2, wantCode: 2, wantOut: "cmd: boom\n"},
		{name: "CheckSilentFindings", err: ExitError{Code: 1}, findings: ExitError{Code: 1}, otherwise: 2, wantCode: 1, wantOut: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			code := conclude(&out, "cmd", tt.err, tt.findings, tt.otherwise)
			require.Equal(t, tt.wantCode, code)
			require.Equal(t, tt.wantOut, out.String())
		})
	}
}

func TestUsagef_KeepsChain(t *testing.T) {
	base := errors.New("flag provided but not defined: -x")
	err := Usagef("parse flags: %w", base)
	require.ErrorIs(t, err, base)
	var u UsageError
	require.ErrorAs(t, err, &u)
	require.Equal(t, "parse flags: flag provided but not defined: -x", err.Error())
}
