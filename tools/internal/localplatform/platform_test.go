package localplatform

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/require"
)

func TestEnvFile_RoundTrip(t *testing.T) {
	self, err := procOf(os.Getpid())
	require.NoError(t, err)
	p := New(Config{Root: t.TempDir(), Local: t.TempDir(), Ports: Ports{Postgres: 1, SQS: 2, SES: 3, DynamoDB: 4, S3: 5}})
	instance := map[string]Proc{}
	for _, s := range StandIns {
		instance[s.Name] = self
	}
	want := EnvFile{Vars: []Var{{"DATABASE_URL", p.DatabaseURL()}, {"MAIL_SENDERS", MailSenders}}, Instance: instance}
	require.NoError(t, p.writeEnv(want))

	got, err := p.FreshEnv()
	require.NoError(t, err)
	require.Equal(t, want, got)
	require.Equal(t, "postgres://tsumiki@127.0.0.1:1/tsumiki?sslmode=disable", got.Get("DATABASE_URL"))

	t.Run("EnvironmentWins", func(t *testing.T) {
		env := got.Environ([]string{"PATH=/bin", "MAIL_SENDERS=me@example.com"})
		require.Equal(t, []string{"PATH=/bin", "MAIL_SENDERS=me@example.com", "DATABASE_URL=" + p.DatabaseURL()}, env)
	})

	t.Run("StaleWhenAStandInIsGone", func(t *testing.T) {
		stale := want
		stale.Instance = map[string]Proc{}
		for name, pr := range instance {
			stale.Instance[name] = pr
		}
		// The same pid with another start time is another process: a reused pid.
		stale.Instance["sqs"] = Proc{PID: self.PID, Start: self.Start + "0"}
		require.NoError(t, p.writeEnv(stale))
		_, err := p.FreshEnv()
		require.ErrorIs(t, err, ErrStaleEnv)
	})

	t.Run("MissingIsStale", func(t *testing.T) {
		require.NoError(t, os.Remove(p.EnvFile()))
		_, err := p.FreshEnv()
		require.ErrorIs(t, err, ErrStaleEnv)
	})

	t.Run("BadLine", func(t *testing.T) {
		require.NoError(t, os.WriteFile(p.EnvFile(), []byte("# comment\nNOEQUALS\n"), 0o644))
		_, err := p.ReadEnv()
		require.ErrorContains(t, err, `:2: want KEY=value, got "NOEQUALS"`)
	})
}

func TestQueueURLVar(t *testing.T) {
	require.Equal(t, "MAIL_QUEUE_URL", QueueURLVar("mailer"), "libs/mailer's name for the mail queue")
	require.Equal(t, "MAIL_DLQ_URL", DLQURLVar("mailer"))
	require.Equal(t, "BILLING_EVENTS_QUEUE_URL", QueueURLVar("billing-events"))
	require.Equal(t, "BILLING_EVENTS_DLQ_URL", DLQURLVar("billing-events"))
}

func TestStartDaemon_StopProc(t *testing.T) {
	log := filepath.Join(t.TempDir(), "logs", "sleep.log")
	pr, err := startDaemon([]string{"sleep", "60"}, os.Environ(), "/", log)
	require.NoError(t, err)
	require.True(t, pr.Alive())
	pidFile := filepath.Join(t.TempDir(), "run", "sleep.pid")
	require.NoError(t, writePidFile(pidFile, pr))
	got, ok := runningFromPidFile(pidFile)
	require.True(t, ok)
	require.Equal(t, pr, got)

	// Its own session: a Ctrl-C to this process group never reaches it.
	stat, err := os.ReadFile("/proc/" + itoa(pr.PID) + "/stat")
	require.NoError(t, err)
	require.Equal(t, itoa(pr.PID), statFields(stat)[3], "its session id is its own pid")

	require.False(t, stopProc(pr, 10*time.Second), "sleep ends on SIGTERM, no SIGKILL needed")
	require.False(t, pr.Alive())
	_, ok = runningFromPidFile(pidFile)
	require.False(t, ok)
	raw, err := os.ReadFile(log)
	require.NoError(t, err)
	require.Contains(t, string(raw), "starting sleep 60")
}

// TestPlatform_UpDown starts the real platform (PostgreSQL, the node stand-ins, the S3
// stand-in) on ephemeral ports in a state directory of its own, and checks what deps/up,
// deps/status and deps/down promise.
func TestPlatform_UpDown(t *testing.T) {
	t.Parallel()
	p, cfg, out := testPlatform(t)
	ctx := t.Context()

	require.NoError(t, p.Up(ctx))
	require.Contains(t, out.String(), "deps: started postgres sqs ses dynamodb s3")
	env, err := p.FreshEnv()
	require.NoError(t, err)

	t.Run("EnvIsComplete", func(t *testing.T) {
		vars := env.Map()
		require.Equal(t, "postgres://tsumiki@127.0.0.1:"+itoa(cfg.Ports.Postgres)+"/tsumiki?sslmode=disable", vars["DATABASE_URL"])
		require.Equal(t, "http://127.0.0.1:"+itoa(cfg.Ports.SQS), vars["AWS_ENDPOINT_URL_SQS"])
		require.Equal(t, "http://127.0.0.1:"+itoa(cfg.Ports.SES), vars["AWS_ENDPOINT_URL_SESV2"])
		require.Equal(t, "http://127.0.0.1:"+itoa(cfg.Ports.DynamoDB), vars["AWS_ENDPOINT_URL_DYNAMODB"])
		require.Equal(t, "http://127.0.0.1:"+itoa(cfg.Ports.S3), vars["AWS_ENDPOINT_URL_S3"])
		// One dead-letter queue name: modules/sqs-queue's, through localcloud.
		require.True(t, strings.HasSuffix(vars["MAIL_DLQ_URL"], "/tsumiki-local-mailer-queue-dlq"), vars["MAIL_DLQ_URL"])
		require.True(t, strings.HasSuffix(vars["MAIL_QUEUE_URL"], "/tsumiki-local-mailer-queue"), vars["MAIL_QUEUE_URL"])
		// Every other Lambda's queue by the same rule, under its own variables.
		require.True(t, strings.HasSuffix(vars["DEMO_FN_QUEUE_URL"], "/tsumiki-local-demo-fn-queue"), vars["DEMO_FN_QUEUE_URL"])
		require.True(t, strings.HasSuffix(vars["DEMO_FN_DLQ_URL"], "/tsumiki-local-demo-fn-queue-dlq"), vars["DEMO_FN_DLQ_URL"])
		require.Equal(t, "tsumiki-local-mailer-idempotency", vars["MAIL_IDEMPOTENCY_TABLE"])
		require.Equal(t, vars["MAIL_IDEMPOTENCY_TABLE"], vars["MAIL_SUPPRESSION_TABLE"])
		require.Equal(t, "tsumiki-local-todo-batch-exports", vars["EXPORT_BUCKET"])
		require.Equal(t, MailSenders, vars["MAIL_SENDERS"])
		require.NoError(t, pgPing(ctx, vars["DATABASE_URL"]), "the database deps/up created answers")
	})

	t.Run("Status", func(t *testing.T) {
		var b bytes.Buffer
		require.True(t, p.Status(ctx, &b), b.String())
		require.Contains(t, b.String(), "5 of 5 running")
		for _, s := range StandIns {
			require.Regexp(t, `(?m)^`+s.Name+` +running \(pid \d+\) +http://127\.0\.0\.1:`+itoa(p.port(s))+`$`, b.String())
		}
	})

	t.Run("SecondUpIsNoOp", func(t *testing.T) {
		require.NoError(t, p.Up(ctx))
		require.Contains(t, out.String(), "deps: already up, nothing started")
		again, err := p.FreshEnv()
		require.NoError(t, err)
		require.Equal(t, env, again)
	})

	t.Run("PortTakenStartsNothing", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		defer l.Close()
		c := cfg
		c.Local = filepath.Join(t.TempDir(), "other")
		c.Ports.SES = l.Addr().(*net.TCPAddr).Port
		other := New(c)
		err = other.Up(ctx)
		require.ErrorContains(t, err, "port "+itoa(c.Ports.SES)+" (ses) is taken by another process; choose another with SES_PORT=NNNNN")
		require.ErrorContains(t, err, "(postgres) is taken by another process", "every conflict is named at once")
		require.ErrorContains(t, err, "nothing was started")
		_, err = os.Stat(other.EnvFile())
		require.ErrorIs(t, err, os.ErrNotExist)
	})

	t.Run("ExternalDatabase", func(t *testing.T) {
		// DATABASE_URL names a server of the developer's own (here: the first platform's):
		// deps/up starts no PostgreSQL, writes that URL, and deps/down leaves it alone.
		c := cfg
		c.Local = filepath.Join(t.TempDir(), "external")
		c.Ports = Ports{Postgres: freePort(t), SQS: freePort(t), SES: freePort(t), DynamoDB: freePort(t), S3: freePort(t)}
		c.ExternalDatabaseURL = env.Get("DATABASE_URL")
		other := New(c)
		require.NoError(t, other.Up(ctx))
		t.Cleanup(func() { require.NoError(t, other.Clean(context.WithoutCancel(ctx))) })
		got, err := other.FreshEnv()
		require.NoError(t, err)
		require.Equal(t, env.Get("DATABASE_URL"), got.Get("DATABASE_URL"))
		require.False(t, portTaken(c.Ports.Postgres), "no local PostgreSQL started")
		var b bytes.Buffer
		require.True(t, other.Status(ctx, &b), b.String())
		require.Contains(t, b.String(), "external, answering")
		require.NoError(t, other.Down(ctx))
		require.NoError(t, pgPing(ctx, env.Get("DATABASE_URL")), "the external server still runs")
	})

	t.Run("StaleEnvIsRewritten", func(t *testing.T) {
		// The SQS stand-in restarts: its queues are gone, and .local/env no longer tells the
		// truth. deps/up notices, starts it, creates the queues again and rewrites the file.
		sqsProc := env.Instance["sqs"]
		stopProc(sqsProc, 10*time.Second)
		_, err := p.FreshEnv()
		require.ErrorIs(t, err, ErrStaleEnv)
		var b bytes.Buffer
		require.False(t, p.Status(ctx, &b))
		require.Contains(t, b.String(), "STALE")

		require.NoError(t, p.Up(ctx))
		require.Contains(t, out.String(), "deps: started sqs")
		fresh, err := p.FreshEnv()
		require.NoError(t, err)
		require.NotEqual(t, sqsProc, fresh.Instance["sqs"])
		client := sqs.New(sqs.Options{
			Region: Region, BaseEndpoint: aws.String(fresh.Get("AWS_ENDPOINT_URL_SQS")),
			Credentials: credentials.NewStaticCredentialsProvider("local", "local", ""),
		})
		for _, v := range []string{"MAIL_DLQ_URL", "MAIL_QUEUE_URL", "DEMO_FN_QUEUE_URL", "DEMO_FN_DLQ_URL"} {
			_, err = client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(fresh.Get(v))})
			require.NoError(t, err, "the queue of %s exists again", v)
		}
	})

	require.NoError(t, p.Down(ctx))
	require.Contains(t, out.String(), "deps: stopped postgres sqs ses dynamodb s3")
	for name, port := range portsOf(cfg) {
		require.False(t, portTaken(port), "port %d (%s) still taken after Down", port, name)
	}
	_, err = os.Stat(p.EnvFile())
	require.ErrorIs(t, err, os.ErrNotExist, "the env file goes with the stand-ins it described")
	require.NoError(t, p.Down(ctx))
	require.Contains(t, out.String(), "deps: nothing was running")
}

// fakeServices links the test binary into the state directory's bin/ under the fake
// services' names and returns their definitions.
func fakeServices(t *testing.T, cfg Config) []Service {
	t.Helper()
	bin := filepath.Join(cfg.Local, "bin")
	require.NoError(t, os.MkdirAll(bin, 0o755))
	for _, name := range []string{"fake-web", "fake-worker"} {
		require.NoError(t, os.Symlink(os.Args[0], filepath.Join(bin, name)))
	}
	return []Service{
		{Name: "web", Kind: KindHTTP, Command: "fake-web", Args: []string{"serve"}, PortEnv: "WEB_PORT"},
		{Name: "worker", Kind: "worker", Command: "fake-worker", Args: []string{"work"}},
	}
}

// TestPlatform_Dev runs make dev's supervisor with two fake services (the test binary) on the
// real platform: the banner, prefixed logs, Ctrl-C, and a crash that is never restarted.
func TestPlatform_Dev(t *testing.T) {
	t.Parallel()
	p, cfg, out := testPlatform(t)
	services := fakeServices(t, cfg)
	webPort := freePort(t)
	getenv := func(k string) string {
		if k == "WEB_PORT" {
			return itoa(webPort)
		}
		return ""
	}
	opts := DevOptions{Services: services, Getenv: getenv, SkipBuild: true, Settle: 500 * time.Millisecond, StopGrace: 10 * time.Second}

	t.Run("CtrlCStopsEverything", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { done <- p.Dev(ctx, opts) }()
		waitFor(t, func() bool { return strings.Contains(out.String(), "Tsumiki is running locally") }, done)
		require.Contains(t, out.String(), "Mail (SES)     http://127.0.0.1:"+itoa(cfg.Ports.SES)+"/")
		require.Contains(t, out.String(), `[web] {"msg":"fake-web started","args":["serve"]}`)
		require.Contains(t, out.String(), `[worker] {"msg":"fake-worker started","args":["work"]}`)
		pr, ok := p.DevRunning()
		require.True(t, ok)
		require.Equal(t, os.Getpid(), pr.PID)
		var status bytes.Buffer
		p.DevStatus(t.Context(), &status, services, getenv)
		require.Regexp(t, `(?m)^web +running \(pid \d+\) +http://127\.0\.0\.1:`+itoa(webPort)+`/`, status.String())
		require.Contains(t, status.String(), "MAIL_DLQ_URL=")

		cancel() // Ctrl-C
		require.NoError(t, <-done)
		require.Contains(t, out.String(), "[web] fake-web serve exited with code 0")
		require.Contains(t, out.String(), "[worker] fake-worker work exited with code 0")
		require.Contains(t, out.String(), "dev: stopped")
		logged, err := os.ReadFile(filepath.Join(cfg.Local, "logs", "web.log"))
		require.NoError(t, err)
		require.Contains(t, string(logged), "stopping\n", "the service's own output is in its log, unprefixed")
		requireNothingLeft(t, p, cfg, webPort)
	})

	t.Run("CrashIsNotRestarted", func(t *testing.T) {
		crashing := opts
		crashing.Services = append([]Service{}, opts.Services...)
		crashing.Services[1].Args = []string{"work", "crash-after=3s"}
		err := p.Dev(t.Context(), crashing)
		require.ErrorIs(t, err, ErrServiceStopped)
		require.ErrorContains(t, err, "exited with code 3")
		require.Contains(t, out.String(), "[worker] fake-worker work crash-after=3s exited with code 3")
		require.Contains(t, out.String(), "[web] fake-web serve exited with code 0", "the others are stopped")
		requireNothingLeft(t, p, cfg, webPort)
	})

	t.Run("PortTakenStartsNothing", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:"+itoa(webPort))
		require.NoError(t, err)
		defer l.Close()
		before := out.String()
		err = p.Dev(t.Context(), opts)
		require.ErrorContains(t, err, "port "+itoa(webPort)+" (web) is taken by another process. Stop it, or choose another port: make dev WEB_PORT=NNNN")
		require.NotContains(t, strings.TrimPrefix(out.String(), before), "starting the dependencies")
	})
}

// waitFor polls cond (bounded, so a broken supervisor fails instead of hanging), failing early
// when done delivers.
func waitFor(t *testing.T, cond func() bool, done <-chan error) {
	t.Helper()
	for range 1200 {
		if cond() {
			return
		}
		select {
		case err := <-done:
			t.Fatalf("ended early: %v", err)
		case <-time.After(100 * time.Millisecond):
		}
	}
	t.Fatal("gave up waiting")
}

// requireNothingLeft fails if a port of the platform or a service still listens, or a pid
// file names a live process.
func requireNothingLeft(t *testing.T, p *Platform, cfg Config, webPort int) {
	t.Helper()
	for name, port := range portsOf(cfg) {
		require.False(t, portTaken(port), "port %d (%s) still taken", port, name)
	}
	require.False(t, portTaken(webPort), "the web service's port is still taken")
	files, err := filepath.Glob(filepath.Join(cfg.Local, "run", "*.pid"))
	require.NoError(t, err)
	for _, f := range files {
		pr, alive := runningFromPidFile(f)
		require.False(t, alive, "%s names a live process %d", f, pr.PID)
	}
	_, ok := p.DevRunning()
	require.False(t, ok)
}

func TestDoctor(t *testing.T) {
	p := New(Config{Root: repoRoot(t), ExternalDatabaseURL: "postgres://elsewhere/db", Ports: Ports{Postgres: 1}})
	checks := p.PlatformChecks()
	require.Equal(t, Check{"postgresql", true, "DATABASE_URL is set: using that server"}, checks[0])
	var b bytes.Buffer
	err := ReportChecks(&b, append(checks, Check{"nothing", false, "apt-get install nothing"}))
	require.ErrorContains(t, err, "1 prerequisite(s) missing")
	require.Contains(t, b.String(), "  MISSING  nothing      apt-get install nothing")
	require.Contains(t, b.String(), "  ok       go ")

	require.True(t, versionAtLeast("1.26.0", "1.26"))
	require.True(t, versionAtLeast("20.19.2", "20"))
	require.False(t, versionAtLeast("1.9", "1.11"))
	_, err = exec.LookPath("node")
	require.NoError(t, err, "node is a prerequisite of the local platform")
	require.False(t, errors.Is(err, exec.ErrNotFound))
}

func TestPrefixWriter(t *testing.T) {
	var term, log bytes.Buffer
	plain := New(Config{})
	w := &prefixWriter{prefix: plain.prefix("api", 0), term: &term, log: &log}
	_, err := w.Write([]byte("one\ntw"))
	require.NoError(t, err)
	_, err = w.Write([]byte("o\nthree"))
	require.NoError(t, err)
	require.Equal(t, "[api] one\n[api] two\n", term.String(), "only whole lines are shown")
	w.flush()
	require.Equal(t, "[api] one\n[api] two\n[api] three\n", term.String())
	require.Equal(t, "one\ntwo\nthree\n", log.String(), "the log gets the lines as they are")

	colored := New(Config{Color: true})
	require.Equal(t, "\x1b[34m[api]\x1b[0m ", colored.prefix("api", 0))
	require.Equal(t, "\x1b[90m[sqs]\x1b[0m ", colored.prefix("sqs", -1), "dependencies are grey")
}
