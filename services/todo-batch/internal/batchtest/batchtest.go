// Package batchtest sets up what todo-batch's integration tests and benchmarks run against:
// a fresh database with todo-api's schema (read from its migration files, not imported) and
// River's tables, deterministic fixtures inserted set-wise, and uniquely named queues and
// buckets on the local SQS and S3 stand-ins.
package batchtest

import (
	"context"
	"crypto/md5" //nolint:gosec // fixture ids, not security: must equal SQL's md5()
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/awsconfig"
	"github.com/tsumiki-dev/tsumiki/libs/kit/pgtest"
	"github.com/tsumiki-dev/tsumiki/libs/kit/postgres"
	"github.com/tsumiki-dev/tsumiki/libs/kit/testenv"
	"github.com/tsumiki-dev/tsumiki/libs/mailer"
)

// Sender is the sender identity tests configure the mail client with (MAIL_SENDERS).
const Sender = "Tsumiki <no-reply@tsumiki.dev>"

// RepoRoot returns the repository root: the nearest directory above the working directory
// holding go.work.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, dir, parent, "no go.work above the working directory")
		dir = parent
	}
}

// NewDatabase creates a database for the test, applies todo-api's migrations and River's, and
// returns its URL and a pool (closed at cleanup). Skipped under -short (see testenv).
func NewDatabase(t testing.TB) (string, *pgxpool.Pool) {
	t.Helper()
	url := pgtest.NewDatabase(t)
	m, err := postgres.NewMigrator(os.DirFS(filepath.Join(RepoRoot(t), "services", "todo-api", "migrations")), url, "schema_migrations")
	require.NoError(t, err)
	require.NoError(t, m.Up(), "apply todo-api migrations")
	require.NoError(t, m.Close())

	ctx := context.Background()
	pool, err := postgres.NewPool(ctx, url, postgres.PoolOptions{MaxConns: 20, ApplicationName: "todo-batch-test"})
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	migrator, err := rivermigrate.New[pgx.Tx](riverpgxv5.New(pool), nil)
	require.NoError(t, err)
	_, err = migrator.Migrate(ctx, rivermigrate.DirectionUp, nil)
	require.NoError(t, err, "apply river migrations")
	return url, pool
}

// UserID returns the id of fixture user i (1-based): md5("user-<i>"), as the SQL computes it.
func UserID(i int) uuid.UUID {
	return uuid.UUID(md5.Sum(fmt.Appendf(nil, "user-%d", i))) //nolint:gosec // see the import
}

// TodoID returns the id of fixture todo j (1-based) of user i: md5("todo-<i>-<j>").
func TodoID(i, j int) uuid.UUID {
	return uuid.UUID(md5.Sum(fmt.Appendf(nil, "todo-%d-%d", i, j))) //nolint:gosec // see the import
}

// Fixture describes users and todos to insert with one INSERT ... SELECT generate_series each.
type Fixture struct {
	// Users is how many users to create, user i with email user<i>@example.com.
	Users int
	// TodosPerUser is how many todos each user gets.
	TodosPerUser int
	// DueIn is when the todos fall due, relative to Now (todo j of a user is due DueIn plus j
	// seconds). Zero leaves due_at NULL.
	DueIn time.Duration
	// Now anchors due times; zero means time.Now().
	Now time.Time
}

// Insert creates f's users and todos. Ids derive from the positions (md5 of a name), so the
// same fixture gives identical rows in two databases.
func (f Fixture) Insert(t testing.TB, pool *pgxpool.Pool) {
	t.Helper()
	ctx := context.Background()
	now := f.Now
	if now.IsZero() {
		now = time.Now()
	}
	_, err := pool.Exec(ctx, `INSERT INTO users (id, email, display_name)
		SELECT md5('user-' || i)::uuid, 'user' || i || '@example.com', 'User ' || i
		FROM generate_series(1, $1) i ON CONFLICT DO NOTHING`, f.Users)
	require.NoError(t, err)
	var due any
	if f.DueIn != 0 {
		due = now.Add(f.DueIn)
	}
	_, err = pool.Exec(ctx, `INSERT INTO todos (id, owner_id, title, due_at)
		SELECT md5('todo-' || i || '-' || j)::uuid, md5('user-' || i)::uuid, 'Todo ' || j || ' of user ' || i,
			$3::timestamptz + make_interval(secs => j)
		FROM generate_series(1, $1) i, generate_series(1, $2) j`, f.Users, f.TodosPerUser, due)
	require.NoError(t, err)
}

// Env returns the variable from the process environment or .local/env, failing the test
// when it is set nowhere (skipping under -short).
func Env(t testing.TB, name string) string {
	t.Helper()
	return testenv.Require(t, name)
}

// AWSGetenv returns a getenv for the AWS SDK with the local platform's AWS_* settings.
func AWSGetenv(t testing.TB) func(string) string {
	t.Helper()
	vars := map[string]string{}
	for _, name := range []string{"AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_S3"} {
		vars[name] = Env(t, name)
	}
	return func(name string) string { return vars[name] }
}

// unique returns a name unique to this test run, for queues and buckets.
func unique(prefix string) string {
	return prefix + "-" + strings.ReplaceAll(uuid.NewString(), "-", "")[:16]
}

// NewQueue creates a uniquely named queue on the local SQS and returns its URL.
func NewQueue(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	cfg, err := awsconfig.Load(ctx, AWSGetenv(t))
	require.NoError(t, err)
	client := sqs.NewFromConfig(cfg)
	out, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(unique("tsumiki-test-todo-batch-mail"))})
	require.NoError(t, err, "create queue on local SQS (is `make deps/up` running?)")
	url := aws.ToString(out.QueueUrl)
	t.Cleanup(func() {
		_, _ = client.DeleteQueue(context.Background(), &sqs.DeleteQueueInput{QueueUrl: aws.String(url)})
	})
	return url
}

// DrainQueue receives every message on the queue (keeping them invisible for ten minutes, so
// none is counted twice) and returns the mail envelopes.
func DrainQueue(t testing.TB, queueURL string) []mailer.Envelope {
	t.Helper()
	ctx := context.Background()
	cfg, err := awsconfig.Load(ctx, AWSGetenv(t))
	require.NoError(t, err)
	client := sqs.NewFromConfig(cfg)
	var envs []mailer.Envelope
	for empty := 0; empty < 2; {
		out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl:            aws.String(queueURL),
			MaxNumberOfMessages: 10,
			VisibilityTimeout:   600,
			WaitTimeSeconds:     0,
		})
		require.NoError(t, err)
		if len(out.Messages) == 0 {
			empty++
			continue
		}
		empty = 0
		for _, m := range out.Messages {
			env, err := mailer.ParseEnvelope([]byte(aws.ToString(m.Body)))
			require.NoError(t, err)
			envs = append(envs, env)
		}
	}
	return envs
}

// QueueDepth returns SQS's approximate count of visible plus in-flight messages.
func QueueDepth(t testing.TB, queueURL string) int {
	t.Helper()
	ctx := context.Background()
	cfg, err := awsconfig.Load(ctx, AWSGetenv(t))
	require.NoError(t, err)
	out, err := sqs.NewFromConfig(cfg).GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: aws.String(queueURL),
		AttributeNames: []sqstypes.QueueAttributeName{
			sqstypes.QueueAttributeNameApproximateNumberOfMessages,
			sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible,
		},
	})
	require.NoError(t, err)
	n := 0
	for _, v := range out.Attributes {
		var k int
		_, err := fmt.Sscan(v, &k)
		require.NoError(t, err)
		n += k
	}
	return n
}

// S3Client returns an S3 client for the local S3 stand-in (path-style addressing).
func S3Client(t testing.TB) *s3.Client {
	t.Helper()
	cfg, err := awsconfig.Load(context.Background(), AWSGetenv(t))
	require.NoError(t, err)
	return s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
}

// NewBucket creates a uniquely named bucket on the local S3 and returns its name.
func NewBucket(t testing.TB) string {
	t.Helper()
	name := unique("tsumiki-test-todo-batch-exports")
	_, err := S3Client(t).CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(name)})
	require.NoError(t, err, "create bucket on local S3 (is `make deps/up` running?)")
	return name
}

// MailGetenv returns a getenv for libs/mailer's ConfigFromEnv sending to queueURL.
func MailGetenv(t testing.TB, queueURL string) func(string) string {
	t.Helper()
	aws := AWSGetenv(t)
	return func(name string) string {
		switch name {
		case "MAIL_QUEUE_URL":
			return queueURL
		case "MAIL_SENDERS":
			return Sender
		}
		return aws(name)
	}
}
