package vulncheck

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// today is the day the fixtures were recorded.
var today = time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC)

func readFixture(t *testing.T, name string) Report {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name+".json"))
	require.NoError(t, err)
	defer f.Close()
	rep, err := ReadFindings(f, name)
	require.NoError(t, err)
	return rep
}

func acceptances(t *testing.T, name string) []Acceptance {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	require.NoError(t, err)
	defer f.Close()
	acc, err := ParseAcceptances(f, name)
	require.NoError(t, err)
	return acc
}

func ids(vulns []Vuln) []string {
	out := make([]string, len(vulns))
	for i, v := range vulns {
		out[i] = v.ID
	}
	return out
}

func TestParseAcceptances(t *testing.T) {
	acc := acceptances(t, "accept-ok")
	require.Len(t, acc, 2)
	assert.Equal(t, Acceptance{
		ID:      "GO-2026-6872",
		Expires: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC),
		Reason:  "echo/v4 has no fixed release; RealIP is not attacker-chosen behind the ALB.",
		File:    "accept-ok",
		Line:    2,
	}, acc[0])
	assert.Equal(t, "accept-ok:4", acc[1].Where(), "blank lines and comments count for line numbers")
}

func TestParseAcceptances_Malformed(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "accept-malformed"))
	require.NoError(t, err)
	defer f.Close()
	_, err = ParseAcceptances(f, "accept-malformed")
	require.Error(t, err)
	// Every malformed line is reported at once, each with its line number.
	lines := strings.Split(err.Error(), "\n")
	require.Len(t, lines, 5, err.Error())
	assert.Contains(t, lines[0], `accept-malformed:2: "CVE-2026-1" is not an advisory ID`)
	assert.Contains(t, lines[1], "accept-malformed:3: GO-2026-6872 has no expiry date")
	assert.Contains(t, lines[2], `accept-malformed:4: GO-2026-6875: expiry "31.03.2027" is not a date (YYYY-MM-DD)`)
	assert.Contains(t, lines[3], "accept-malformed:5: GO-2026-6603 has no reason")
	assert.Contains(t, lines[4], "accept-malformed:7: GO-2026-6611 is already accepted on line 6")
}

func TestParseAcceptances_RepositoryFile(t *testing.T) {
	// The repository's own file parses; its expiry dates are judged by make go/vuln, not here
	// (a unit test must not start failing because the calendar moved on).
	f, err := os.Open(filepath.Join("..", "..", "..", ".govulncheck-accept"))
	require.NoError(t, err)
	defer f.Close()
	acc, err := ParseAcceptances(f, ".govulncheck-accept")
	require.NoError(t, err)
	require.NotEmpty(t, acc)
}

func TestReadFindings(t *testing.T) {
	rep := readFixture(t, "todo-api")
	assert.Equal(t, "todo-api", rep.Artifact)
	assert.Equal(t, "go1.26.8", rep.GoVersion, "binary mode: the Go version comes from the SBOM message")
	assert.Equal(t, "v1.9.0", rep.Scanner)
	assert.Equal(t, []string{
		"GO-2026-6599", "GO-2026-6600", "GO-2026-6603", "GO-2026-6605", "GO-2026-6607",
		"GO-2026-6608", "GO-2026-6609", "GO-2026-6610", "GO-2026-6611", "GO-2026-6612",
		"GO-2026-6613", "GO-2026-6617", "GO-2026-6809", "GO-2026-6872", "GO-2026-6875",
	}, ids(rep.Vulns))
	byID := map[string]Vuln{}
	for _, v := range rep.Vulns {
		byID[v.ID] = v
	}

	echo := byID["GO-2026-6872"]
	assert.False(t, echo.Stdlib())
	assert.Equal(t, []FoundIn{{Module: "github.com/labstack/echo/v4", Version: "v4.16.0"}}, echo.Found)
	assert.NotEmpty(t, echo.Summary)

	// Found in x/net (as vendored into net/http too): not the standard library alone.
	hpack := byID["GO-2026-6617"]
	require.Len(t, hpack.Found, 2)
	assert.Equal(t, "golang.org/x/net", hpack.Found[0].Module)
	assert.Equal(t, "v0.59.0", hpack.Found[0].Version)
	assert.Equal(t, "stdlib", hpack.Found[1].Module)
	assert.False(t, hpack.Stdlib())

	x509 := byID["GO-2026-6809"]
	assert.True(t, x509.Stdlib())
	assert.Equal(t, "Go standard library v1.26.8 (fixed in v1.26.10)", x509.Found[0].String())
	assert.Contains(t, x509.Symbols, "crypto/x509.Certificate.Verify")
}

func TestReadFindings_Errors(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		wantErr string
	}{
		{name: "NotJSON", input: "=== Symbol Results ===", wantErr: "decode govulncheck JSON for x"},
		{name: "NoConfig", input: `{"finding": {"osv": "GO-2026-1"}}`, wantErr: "no config message"},
		{name: "OtherProtocol", input: `{"config": {"protocol_version": "v2.0.0", "scan_level": "symbol"}}`, wantErr: `protocol "v2.0.0"`},
		{name: "NotSymbolLevel", input: `{"config": {"protocol_version": "v1.0.0", "scan_level": "module"}}`, wantErr: `at "module" level`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadFindings(strings.NewReader(tt.input), "x")
			require.ErrorContains(t, err, tt.wantErr)
		})
	}
}

func TestPolicy_Evaluate(t *testing.T) {
	reports := []Report{readFixture(t, "todo-api"), readFixture(t, "todo-batch"), readFixture(t, "mailer")}
	outcomes := func(v Verdict, artifact string, o Outcome) []string {
		var out []string
		for _, av := range v.Artifacts {
			for _, j := range av.Judged {
				if av.Report.Artifact == artifact && j.Outcome == o {
					out = append(out, j.Vuln.ID)
				}
			}
		}
		return out
	}

	t.Run("AcceptedEchoWarnedStdlibBlockedXNet", func(t *testing.T) {
		v := Policy{Accept: acceptances(t, "accept-ok"), Today: today, Stdlib: StdlibWarn}.Evaluate(reports)
		require.True(t, v.Failed())
		assert.Equal(t, []string{"GO-2026-6872", "GO-2026-6875"}, outcomes(v, "todo-api", Accepted))
		assert.Equal(t, []string{"GO-2026-6603", "GO-2026-6611", "GO-2026-6612", "GO-2026-6617"}, outcomes(v, "todo-api", Blocked),
			"x/net v0.59.0 is in todo-api's own build list: a module upgrade fixes it, not a Go upgrade")
		assert.Empty(t, outcomes(v, "mailer", Blocked))
		assert.Len(t, outcomes(v, "mailer", Warned), 12)
		assert.Empty(t, v.Expired)
		assert.Empty(t, v.Unused)
	})

	t.Run("StdlibOnlyArtifactsPassWhenStdlibWarns", func(t *testing.T) {
		v := Policy{Today: today, Stdlib: StdlibWarn}.Evaluate(reports[1:])
		require.False(t, v.Failed())
		var out bytes.Buffer
		v.Write(&out)
		assert.Contains(t, out.String(), "WARNING: the Go standard library has known vulnerabilities in mailer, todo-batch")
		assert.Contains(t, out.String(), "ok: no unaccepted vulnerability in todo-batch, mailer")
	})

	t.Run("StdlibFailBlocksStdlibFindings", func(t *testing.T) {
		v := Policy{Today: today, Stdlib: StdlibFail}.Evaluate(reports[2:])
		require.True(t, v.Failed())
		assert.Len(t, outcomes(v, "mailer", Blocked), 12)
	})

	t.Run("ExpiredAcceptanceFails", func(t *testing.T) {
		v := Policy{Accept: acceptances(t, "accept-expired"), Today: today, Stdlib: StdlibWarn}.Evaluate(reports[:1])
		require.True(t, v.Failed())
		require.Len(t, v.Expired, 1)
		assert.Equal(t, "accept-expired:2", v.Expired[0].Where())
		assert.Contains(t, outcomes(v, "todo-api", Blocked), "GO-2026-6872")
		assert.Equal(t, []string{"GO-2026-6875"}, outcomes(v, "todo-api", Accepted))
		var out bytes.Buffer
		v.Write(&out)
		assert.Contains(t, out.String(), "accept-expired:2: GO-2026-6872 expired on 2026-11-30: review it again")
		assert.Contains(t, out.String(), "its acceptance expired on 2026-11-30 (accept-expired:2)")
	})

	t.Run("ExpiredAcceptanceFailsEvenWhenNothingIsFound", func(t *testing.T) {
		v := Policy{Accept: acceptances(t, "accept-expired"), Today: today, Stdlib: StdlibWarn}.Evaluate(reports[2:])
		require.True(t, v.Failed())
		require.Len(t, v.Expired, 1)
		assert.Len(t, v.Unused, 2)
	})

	t.Run("LastDayStillHolds", func(t *testing.T) {
		lastDay := time.Date(2026, 11, 30, 23, 59, 0, 0, time.UTC)
		v := Policy{Accept: acceptances(t, "accept-expired"), Today: lastDay, Stdlib: StdlibWarn}.Evaluate(reports[2:])
		assert.Empty(t, v.Expired)
		assert.False(t, v.Failed())
	})

	t.Run("MoreThanAYearAheadFails", func(t *testing.T) {
		acc := acceptances(t, "accept-ok")
		acc[0].Expires = today.AddDate(1, 0, 1)
		v := Policy{Accept: acc, Today: today, Stdlib: StdlibWarn}.Evaluate(reports[2:])
		require.True(t, v.Failed())
		require.Len(t, v.TooFar, 1)
		assert.Equal(t, "GO-2026-6872", v.TooFar[0].ID)
	})
}

func TestVerdict_Write(t *testing.T) {
	reports := []Report{readFixture(t, "todo-api")}
	v := Policy{Accept: acceptances(t, "accept-ok"), Today: today, Stdlib: StdlibWarn}.Evaluate(reports)
	var out bytes.Buffer
	v.Write(&out)
	s := out.String()
	assert.Contains(t, s, "== todo-api (Go go1.26.8, govulncheck v1.9.0): 15 vulnerabilities with code in the binary")
	assert.Contains(t, s, "  accepted GO-2026-6872")
	assert.Contains(t, s, "until 2027-03-31 (accept-ok:2)")
	assert.Contains(t, s, "  FAIL     GO-2026-6617")
	assert.Contains(t, s, "in golang.org/x/net@v0.59.0 (fixed in")
	assert.Contains(t, s, "FAILED: not accepted: todo-api: GO-2026-6603, todo-api: GO-2026-6611, todo-api: GO-2026-6612, todo-api: GO-2026-6617")
}

func TestVerdict_Write_AcceptedWithAFix(t *testing.T) {
	rep := Report{Artifact: "todo-api", Vulns: []Vuln{{
		ID:    "GO-2026-6838",
		Found: []FoundIn{{Module: "github.com/labstack/echo/v4", Version: "v4.16.0", FixedVersion: "v4.16.1"}},
	}}}
	acc := []Acceptance{{ID: "GO-2026-6838", Expires: today.AddDate(0, 1, 0), Reason: "r", File: "f", Line: 1}}
	v := Policy{Accept: acc, Today: today, Stdlib: StdlibWarn}.Evaluate([]Report{rep})
	require.False(t, v.Failed(), "an accepted finding passes even when a fix exists")
	var out bytes.Buffer
	v.Write(&out)
	assert.Contains(t, out.String(), "note: github.com/labstack/echo/v4 has a fix now (v4.16.1): upgrade and delete the acceptance")
}

func TestParseStdlibMode(t *testing.T) {
	m, err := ParseStdlibMode("fail")
	require.NoError(t, err)
	assert.Equal(t, StdlibFail, m)
	_, err = ParseStdlibMode("ignore")
	require.EqualError(t, err, `unknown stdlib mode "ignore"; one of: warn fail`)
}
