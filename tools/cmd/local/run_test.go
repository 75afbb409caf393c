package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/envnames"
	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
	"github.com/tsumiki-dev/tsumiki/tools/internal/localplatform"
	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
)

// repoRoot is the repository's root directory, found from the working directory (go test
// runs in the package's folder; a source path from runtime.Caller would be module-relative
// under -trimpath, which make's builds use).
func repoRoot() string {
	root, err := cli.FindRoot("run the test inside the repository")
	if err != nil {
		panic(err)
	}
	return root
}

// envOf is a getenv over vars.
func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// ports are valid port settings for config.
var ports = map[string]string{"PG_PORT": "1", "SQS_PORT": "2", "SES_PORT": "3", "DYNAMODB_PORT": "4", "S3_PORT": "5"}

func TestRun_Usage(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		getenv  map[string]string
		wantErr string
		wantOut string
	}{
		{name: "NoCommand", wantErr: "exit 2", wantOut: "usage: local up|down"},
		{name: "UnknownCommand", args: []string{"upp"}, getenv: ports, wantErr: "exit 2", wantOut: `unknown subcommand "upp"`},
		{name: "EveryMissingPort", args: []string{"up"}, getenv: map[string]string{"PG_PORT": "x"},
			wantErr: `PG_PORT must be a TCP port number, got "x"`},
		{name: "ExecWithoutCommand", args: []string{"exec", "--"}, getenv: ports, wantErr: "usage: local exec -- CMD"},
		{name: "FakeS3ExtraArgument", args: []string{"fakes3", "extra"}, wantErr: `unexpected arguments ["extra"]`},
		{name: "FakeS3BadAddress", args: []string{"fakes3", "-addr", "127.0.0.1:notaport"}, wantErr: "listen on 127.0.0.1:notaport"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"ROOT": repoRoot(), "LOCAL": t.TempDir()}
			for k, v := range tt.getenv {
				env[k] = v
			}
			var stderr bytes.Buffer
			err := run(t.Context(), tt.args, envOf(env), io.Discard, &stderr)
			require.ErrorContains(t, err, tt.wantErr)
			require.Contains(t, stderr.String(), tt.wantOut)
		})
	}
	t.Run("EveryPortNamed", func(t *testing.T) {
		err := run(t.Context(), []string{"status"}, envOf(map[string]string{"ROOT": repoRoot()}), io.Discard, io.Discard)
		for _, name := range portVars {
			require.ErrorContains(t, err, name+" must be a TCP port number")
		}
	})
}

// TestRun_Exec checks the one way recipes load .local/env: the file's variables under the
// caller's own, HTTP_ADDR for an http service's binary, and a stale file refused.
func TestRun_Exec(t *testing.T) {
	local := t.TempDir()
	// No dependency ports: exec needs only .local/env.
	env := map[string]string{"ROOT": repoRoot(), "LOCAL": local, "TODO_API_PORT": "18080"}
	var gotArgv, gotEnv []string
	execve = func(_ string, argv, envv []string) error {
		gotArgv, gotEnv = argv, envv
		return nil
	}
	t.Cleanup(func() { execve = syscall.Exec })
	bin := t.TempDir()
	for _, name := range []string{"todo-api", "mailer"} {
		require.NoError(t, os.WriteFile(filepath.Join(bin, name), []byte("#!/bin/sh\n"), 0o755))
	}

	// An env file naming this test process as every stand-in: fresh while the test runs.
	self := strconv.Itoa(os.Getpid())
	stat, err := os.ReadFile("/proc/" + self + "/stat")
	require.NoError(t, err)
	start := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))[19]
	var instance []string
	for _, s := range localplatform.StandIns {
		instance = append(instance, s.Name+"="+self+":"+start)
	}
	write := func(instance []string) {
		require.NoError(t, os.WriteFile(filepath.Join(local, "env"),
			[]byte("# instance: "+strings.Join(instance, " ")+"\nMAIL_SENDERS=from-file\nFROM_FILE_ONLY=yes\n"), 0o644))
	}
	write(instance)
	t.Setenv("MAIL_SENDERS", "from-caller")

	require.NoError(t, run(t.Context(), []string{"exec", "--", filepath.Join(bin, "todo-api"), "serve"}, envOf(env), io.Discard, io.Discard))
	require.Equal(t, []string{filepath.Join(bin, "todo-api"), "serve"}, gotArgv)
	require.Contains(t, gotEnv, "FROM_FILE_ONLY=yes")
	require.Contains(t, gotEnv, "MAIL_SENDERS=from-caller", "the caller's environment wins")
	require.NotContains(t, gotEnv, "MAIL_SENDERS=from-file")
	require.Contains(t, gotEnv, "HTTP_ADDR=127.0.0.1:18080", "todo-api is an http service: its port from its definition's port_env")

	require.NoError(t, run(t.Context(), []string{"exec", filepath.Join(bin, "mailer"), "run-local"}, envOf(env), io.Discard, io.Discard))
	require.NotContains(t, strings.Join(gotEnv, "\n"), "HTTP_ADDR=", "mailer serves no HTTP")

	instance[0] = localplatform.StandIns[0].Name + "=" + self + ":1" // another start time: gone
	write(instance)
	err = run(t.Context(), []string{"exec", "--", filepath.Join(bin, "todo-api"), "serve"}, envOf(env), io.Discard, io.Discard)
	require.ErrorIs(t, err, localplatform.ErrStaleEnv)
}

func TestRun_FakeS3(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	ctx, cancel := context.WithCancel(t.Context())
	var stdout bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"fakes3", "-addr", addr}, nil, &stdout, io.Discard) }()

	do := func(method, path, body string) (int, string) {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), method, "http://"+addr+path, strings.NewReader(body))
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(b)
	}
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			_ = c.Close()
			break
		}
		require.Less(t, i, 300, "fakes3 did not listen on %s", addr)
		time.Sleep(20 * time.Millisecond)
	}
	status, _ := do(http.MethodGet, "/missing-bucket/key", "")
	require.Equal(t, http.StatusNotFound, status)
	status, _ = do(http.MethodPut, "/exports", "")
	require.Equal(t, http.StatusOK, status)
	status, _ = do(http.MethodPut, "/exports/a/b.csv", "id,title\n1,milk\n")
	require.Equal(t, http.StatusOK, status)
	status, body := do(http.MethodGet, "/exports/a/b.csv", "")
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, "id,title\n1,milk\n", body)

	cancel()
	require.NoError(t, <-done)
	require.Contains(t, stdout.String(), `"msg":"fakes3 listening"`)
}

// TestOnePlace fails when a second copy of what the local platform owns creeps back: the
// senders' default, a hand-made dead-letter queue name, or another way to load .local/env.
func TestOnePlace(t *testing.T) {
	root := repoRoot()
	var files []string
	for _, pattern := range []string{"Makefile", "mk/*.mk", "mk/*.sh", "services/*/Makefile", "tools/*/*.sh", "tools/localaws/*"} {
		m, err := filepath.Glob(filepath.Join(root, pattern))
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.NoError(t, filepath.WalkDir(filepath.Join(root, "services"), func(path string, d os.DirEntry, err error) error {
		// Test code and test helper packages (batchtest, mailertest) pick their own values.
		testHelper := strings.HasSuffix(filepath.Base(filepath.Dir(path)), "test")
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") && !testHelper {
			files = append(files, path)
		}
		return err
	}))
	forbidden := []struct {
		re  *regexp.Regexp
		why string
	}{
		{regexp.MustCompile(regexp.QuoteMeta(localplatform.MailSenders)), "the local MAIL_SENDERS is written once, by tools/internal/localplatform into .local/env"},
		{regexp.MustCompile(`mailer-dlq|"-dlq"`), "the dead-letter queue's name comes from the naming rules (tools/internal/localcloud), never by hand"},
		{regexp.MustCompile(`\. \$\(LOCAL_ENV\)|dev\.env|cloud\.env`), "recipes load .local/env one way: $(WITH_LOCAL_ENV)"},
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, fb := range forbidden {
			if loc := fb.re.FindIndex(raw); loc != nil {
				line := bytes.Count(raw[:loc[0]], []byte("\n")) + 1
				rel, _ := filepath.Rel(root, f)
				t.Errorf("%s:%d: %q: %s", rel, line, raw[loc[0]:loc[1]], fb.why)
			}
		}
	}
}

// TestConfig_Lambdas checks that deps/up creates a queue for every Lambda definition, under a
// variable its service reads: a name libs/kit/envnames lists (tools/internal/envcheck fails
// when no service reads a listed name). A Lambda that make new/service writes reads
// <NAME>_QUEUE_URL in its run-local.
func TestConfig_Lambdas(t *testing.T) {
	env := map[string]string{"ROOT": repoRoot(), "LOCAL": t.TempDir()}
	for k, v := range ports {
		env[k] = v
	}
	cfg, err := config(envOf(env), io.Discard, io.Discard, true)
	require.NoError(t, err)
	defs, err := svcdef.Load(repoRoot())
	require.NoError(t, err)
	want := svcdef.Names(svcdef.OfKind(defs, svcdef.KindLambda))
	require.NotEmpty(t, want, "the repository has a Lambda (the mailer)")
	require.Equal(t, want, cfg.Lambdas)
	for _, name := range cfg.Lambdas {
		v := localplatform.QueueURLVar(name)
		_, ok := envnames.Lookup(v)
		require.True(t, ok, "deps/up writes %s for %s, which no service reads (libs/kit/envnames lacks it)", v, name)
	}
}
