package jobs_test

import (
	"context"
	"errors"
	"flag"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/envconfig"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs"
)

func TestDaily_Next(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		daily   jobs.Daily
		current time.Time
		want    time.Time
	}{
		{name: "LaterToday", daily: jobs.DailyAt(3, 0), current: time.Date(2026, 11, 29, 1, 0, 0, 0, time.UTC), want: time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC)},
		{name: "ExactlyNowMeansTomorrow", daily: jobs.DailyAt(3, 0), current: time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC), want: time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC)},
		{name: "Tomorrow", daily: jobs.DailyAt(0, 30), current: time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC), want: time.Date(2027, 1, 1, 0, 30, 0, 0, time.UTC)},
		{name: "OtherZoneInput", daily: jobs.DailyAt(3, 0), current: time.Date(2026, 11, 29, 11, 0, 0, 0, time.FixedZone("JST", 9*3600)), want: time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC)}, // 02:00 UTC,
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, tt.daily.Next(tt.current))
		})
	}
}

type pingArgs struct {
	Times int `json:"times"`
}

func (pingArgs) Kind() string { return "ping" }

type pingSettings struct{ Greeting string }

var ping = jobs.Define(jobs.Definition[pingArgs, pingSettings]{
	Description: "say hello",
	Flags: func(fs *flag.FlagSet, _ time.Time) func() (pingArgs, error) {
		n := fs.Int("times", 1, "how often to say it")
		return func() (pingArgs, error) {
			if *n < 1 {
				return pingArgs{}, errors.New("-times: must be at least 1")
			}
			return pingArgs{Times: *n}, nil
		}
	},
	Needs:    jobs.Needs{Mail: true},
	Required: []string{"PING_TARGET"},
	Settings: func(r *envconfig.Reader) pingSettings {
		return pingSettings{Greeting: r.String("PING_GREETING", "hello")}
	},
	Run: func(_ context.Context, _ jobs.Env, s pingSettings, a pingArgs, _ jobs.CompleteFunc) (jobs.Result, error) {
		return jobs.Result{"greeting", s.Greeting, "times", a.Times}, nil
	},
})

func TestDefine(t *testing.T) {
	t.Parallel()
	require.Equal(t, "ping", ping.Kind)
	require.Equal(t, "on demand", ping.ScheduleText, "no schedule")
	require.Nil(t, ping.Schedule)
	require.Equal(t, "-times int", ping.FlagUsage())

	fs := flag.NewFlagSet("ping", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	args, err := ping.Parse(fs, []string{"-times", "3"}, time.Now())
	require.NoError(t, err)
	require.Equal(t, pingArgs{Times: 3}, args)

	fs = flag.NewFlagSet("ping", flag.ContinueOnError)
	_, err = ping.Parse(fs, []string{"-times", "0"}, time.Now())
	require.EqualError(t, err, "ping -times: must be at least 1")
	fs = flag.NewFlagSet("ping", flag.ContinueOnError)
	_, err = ping.Parse(fs, []string{"extra"}, time.Now())
	require.EqualError(t, err, `ping: unexpected argument "extra"`)

	settings := ping.ReadSettings(envconfig.New(func(k string) string { return map[string]string{"PING_GREETING": "hi"}[k] }))
	res, err := ping.Run(context.Background(), jobs.Env{}, settings, pingArgs{Times: 2}, nil)
	require.NoError(t, err)
	require.Equal(t, jobs.Result{"greeting", "hi", "times", 2}, res)

	_, err = ping.Run(context.Background(), jobs.Env{}, settings, other{}, nil)
	require.ErrorContains(t, err, "job ping: arguments of type jobs_test.other")
}

type other struct{}

func (other) Kind() string { return "other" }

func TestDefine_PanicsOnScheduleWithoutPeriod(t *testing.T) {
	t.Parallel()
	require.PanicsWithValue(t, "job ping: a schedule needs UniquePeriod and Periodic", func() {
		jobs.Define(jobs.Definition[pingArgs, pingSettings]{
			Schedule: jobs.DailyAt(1, 0),
			Run: func(context.Context, jobs.Env, pingSettings, pingArgs, jobs.CompleteFunc) (jobs.Result, error) {
				return nil, nil
			},
		})
	})
}

func TestCatalogue(t *testing.T) {
	t.Parallel()
	c := jobs.Catalogue{ping}
	require.NoError(t, c.Validate())
	require.Equal(t, []string{"ping"}, c.Kinds())
	require.Equal(t, jobs.Needs{Mail: true}, c.Needs())
	_, err := c.Lookup("pong")
	require.ErrorIs(t, err, jobs.ErrUnknownKind)
	require.EqualError(t, err, `unknown job "pong"; one of: ping`)
	require.EqualError(t, jobs.Catalogue{ping, ping}.Validate(), "job ping is listed twice")
}
