package worker_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/pgtest"
	"github.com/tsumiki-dev/tsumiki/libs/kit/postgres"
	"github.com/tsumiki-dev/tsumiki/libs/mailer"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/advisorylock"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/batchtest"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/catalogue"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/config"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/export"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs/duereminders"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs/exporttodos"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs/purgedeleted"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/worker"
)

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

// recorder is the mail client: it records the mails it is given.
type recorder struct {
	mu    sync.Mutex
	mails []mailer.Mail
}

func (r *recorder) SendBatch(_ context.Context, mails []mailer.Mail) ([]mailer.Result, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.mails = append(r.mails, mails...)
	return make([]mailer.Result, len(mails)), nil
}

func (r *recorder) sent() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.mails)
}

// testConfig is the default configuration with reminder batches of 3 todos.
func testConfig(t *testing.T) config.Config {
	t.Helper()
	cfg, err := config.Load(context.Background(), func(string) string { return "" }, config.Request{Jobs: catalogue.All()})
	require.NoError(t, err)
	cfg.Jobs[duereminders.Kind] = duereminders.Settings{Window: time.Hour, BatchSize: 3}
	return cfg
}

// newRunner runs every job but export_todos (no bucket here), mailing through sender.
func newRunner(t *testing.T, pool *pgxpool.Pool, sender jobs.Enqueuer) *worker.Runner {
	t.Helper()
	return &worker.Runner{Pool: pool, Config: testConfig(t), Log: discard(), Mail: sender,
		Jobs: jobs.Catalogue{duereminders.Spec, purgedeleted.Spec}}
}

// startClient starts a working client and stops it at cleanup.
func startClient(t *testing.T, runner *worker.Runner, periodic []jobs.Spec) *river.Client[pgx.Tx] {
	t.Helper()
	client, err := worker.NewClient(runner, worker.ClientOptions{Work: true, Periodic: periodic, Logger: discard()})
	require.NoError(t, err)
	require.NoError(t, client.Start(context.Background()))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = client.Stop(ctx)
	})
	return client
}

func waitEvent(t *testing.T, events <-chan *river.Event) *river.Event {
	t.Helper()
	select {
	case ev := <-events:
		return ev
	case <-time.After(60 * time.Second): // a hang guard, not a performance limit
		require.FailNow(t, "no job event within a minute")
		return nil
	}
}

func TestNewClient_CompletesJobWithItsLastBatch(t *testing.T) {
	t.Parallel()
	_, pool := batchtest.NewDatabase(t)
	batchtest.Fixture{Users: 5, TodosPerUser: 2, DueIn: 5 * time.Minute}.Insert(t, pool)
	sender := &recorder{}
	client := startClient(t, newRunner(t, pool, sender), []jobs.Spec{})
	events, cancel := client.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
	defer cancel()

	res, err := client.Insert(context.Background(), duereminders.Args{}, nil)
	require.NoError(t, err)
	ev := waitEvent(t, events)
	require.Equal(t, river.EventKindJobCompleted, ev.Kind)
	require.Equal(t, res.Job.ID, ev.Job.ID)

	got, err := client.JobGet(context.Background(), res.Job.ID)
	require.NoError(t, err)
	assert.Equal(t, rivertype.JobStateCompleted, got.State)
	assert.Equal(t, 5, sender.sent())
	var unreminded int
	require.NoError(t, pool.QueryRow(context.Background(), `SELECT count(*) FROM todos WHERE reminded_due_at IS NULL`).Scan(&unreminded))
	assert.Zero(t, unreminded)
}

func TestNewClient_SnoozesWhileLockHeld(t *testing.T) {
	t.Parallel()
	_, pool := batchtest.NewDatabase(t)
	client := startClient(t, newRunner(t, pool, &recorder{}), []jobs.Spec{})
	events, cancel := client.Subscribe(river.EventKindJobSnoozed, river.EventKindJobCompleted, river.EventKindJobFailed)
	defer cancel()

	// A one-shot `todo-batch run purge_deleted` elsewhere holds the lock.
	lock, err := advisorylock.TryAcquire(context.Background(), pool, purgedeleted.Kind)
	require.NoError(t, err)
	defer func() { require.NoError(t, lock.Release(context.Background())) }()

	res, err := client.Insert(context.Background(), purgedeleted.Args{}, nil)
	require.NoError(t, err)
	ev := waitEvent(t, events)
	require.Equal(t, river.EventKindJobSnoozed, ev.Kind)
	got, err := client.JobGet(context.Background(), res.Job.ID)
	require.NoError(t, err)
	assert.Equal(t, rivertype.JobStateScheduled, got.State)
	require.NotNil(t, got.AttemptedAt)
	assert.WithinDuration(t, got.AttemptedAt.Add(worker.LockedSnooze), got.ScheduledAt, 5*time.Second,
		"snoozed for LockedSnooze after the attempt")
}

func TestNewClient_LeaderChangeEnqueuesEachPeriodOnce(t *testing.T) {
	t.Parallel()
	_, pool := batchtest.NewDatabase(t)
	// due_reminders with an hourly period. Each client counts how often its leader asked
	// for the periodic job.
	var asked [2]atomic.Int32
	spec := func(i int) []jobs.Spec {
		s := duereminders.Spec
		s.Schedule = river.PeriodicInterval(time.Hour)
		s.UniquePeriod = time.Hour
		s.Periodic = func(time.Time) river.JobArgs { asked[i].Add(1); return duereminders.Args{} }
		return []jobs.Spec{s}
	}
	leader := func() string {
		var id string
		err := pool.QueryRow(context.Background(), `SELECT leader_id FROM river_leader`).Scan(&id)
		if err != nil {
			return ""
		}
		return id
	}

	a, err := worker.NewClient(newRunner(t, pool, &recorder{}), worker.ClientOptions{Work: true, Periodic: spec(0), Logger: discard()})
	require.NoError(t, err)
	require.NoError(t, a.Start(context.Background()))
	require.Eventually(t, func() bool { return leader() == a.ID() && asked[0].Load() > 0 }, time.Minute, 50*time.Millisecond,
		"client A becomes leader and enqueues the period's job")

	b := startClient(t, newRunner(t, pool, &recorder{}), spec(1))
	stopCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	require.NoError(t, a.Stop(stopCtx), "A stops and resigns")
	require.Eventually(t, func() bool { return leader() == b.ID() && asked[1].Load() > 0 }, time.Minute, 50*time.Millisecond,
		"client B takes over and asks for the period's job again")

	rows, err := pool.Query(context.Background(), `SELECT date_trunc('hour', scheduled_at) AS period, count(*)::int
		FROM river_job WHERE kind = $1 GROUP BY 1`, duereminders.Kind)
	require.NoError(t, err)
	type period struct {
		Start time.Time
		Jobs  int
	}
	periods, err := pgx.CollectRows(rows, pgx.RowToStructByPos[period])
	require.NoError(t, err)
	require.NotEmpty(t, periods)
	for _, p := range periods {
		assert.Equal(t, 1, p.Jobs, "period starting %s", p.Start)
	}
}

func TestPeriodicInsertOpts_ConcurrentInsert(t *testing.T) {
	t.Parallel()
	url, pool := batchtest.NewDatabase(t)
	spec := exporttodos.Spec

	// Two insert-only clients, each on its own pool, as two processes would be.
	var clients [2]*river.Client[pgx.Tx]
	for i := range clients {
		p, err := pgxpool.New(context.Background(), url)
		require.NoError(t, err)
		t.Cleanup(p.Close)
		clients[i], err = worker.NewClient(&worker.Runner{Pool: p, Config: testConfig(t), Jobs: catalogue.All(), Log: discard()}, worker.ClientOptions{})
		require.NoError(t, err)
	}
	const days = 20
	for d := range days {
		args := exporttodos.Args{Day: time.Date(2026, 1, 1+d, 0, 0, 0, 0, time.UTC).Format(export.DayLayout)}
		var (
			wg      sync.WaitGroup
			start   = make(chan struct{})
			skipped atomic.Int32
			errs    = make(chan error, len(clients))
		)
		for _, c := range clients {
			wg.Go(func() {
				<-start
				res, err := c.Insert(context.Background(), args, worker.PeriodicInsertOpts(spec))
				errs <- err
				if err == nil && res.UniqueSkippedAsDuplicate {
					skipped.Add(1)
				}
			})
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
		assert.Equal(t, int32(1), skipped.Load(), "day %s: exactly one insert is skipped", args.Day)
	}
	var n int
	require.NoError(t, pool.QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE kind = $1`, exporttodos.Kind).Scan(&n))
	require.Equal(t, days, n, "one row per day")
}

// TestWorker_AsAppRole is the production login on a database set up like RDS: the bootstrap as
// the master, todo-api's and River's migrations as todo_migrator, then the worker logged in as
// todo_app works a job end to end (River's tables, sequences and functions, todo-api's tables).
func TestWorker_AsAppRole(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	adminURL, masterURL := pgtest.NewRDSDatabase(t)
	migrations := filepath.Join(batchtest.RepoRoot(t), "services", "todo-api", "migrations")
	bootstrap, err := os.ReadFile(filepath.Join(migrations, "bootstrap", "bootstrap.sql"))
	require.NoError(t, err)
	pgtest.MustExec(t, masterURL, string(bootstrap))

	migratorURL := pgtest.WithUser(t, adminURL, "todo_migrator")
	m, err := postgres.NewMigrator(os.DirFS(migrations), migratorURL, "schema_migrations")
	require.NoError(t, err)
	require.NoError(t, m.Up())
	require.NoError(t, m.Close())
	migratorPool, err := postgres.NewPool(ctx, migratorURL, postgres.PoolOptions{MaxConns: 2})
	require.NoError(t, err)
	require.NoError(t, worker.Migrate(ctx, migratorPool, []string{"up"}, io.Discard, discard()), "River's migrations as todo_migrator")
	migratorPool.Close()

	pool, err := postgres.NewPool(ctx, pgtest.WithUser(t, adminURL, "todo_app"), postgres.PoolOptions{MaxConns: 10})
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	var user string
	require.NoError(t, pool.QueryRow(ctx, `SELECT current_user`).Scan(&user))
	require.Equal(t, "todo_app", user)
	batchtest.Fixture{Users: 2, TodosPerUser: 2, DueIn: 5 * time.Minute}.Insert(t, pool)

	sender := &recorder{}
	client := startClient(t, newRunner(t, pool, sender), []jobs.Spec{})
	events, cancel := client.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
	defer cancel()
	res, err := client.Insert(ctx, duereminders.Args{}, nil)
	require.NoError(t, err, "todo_app inserts River jobs (table and sequence)")
	ev := waitEvent(t, events)
	require.Equal(t, river.EventKindJobCompleted, ev.Kind, "the job ran as todo_app: %v", ev.Job.Errors)
	require.Equal(t, res.Job.ID, ev.Job.ID)
	assert.Equal(t, 2, sender.sent())

	_, err = pool.Exec(ctx, `DROP TABLE river_job`)
	require.ErrorContains(t, err, "must be owner", "todo_app cannot change River's schema")
}
