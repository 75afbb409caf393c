package envconfig_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/envconfig"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestReader_Err(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		env     map[string]string
		wantErr []string
	}{
		{name: "AllValid", env: map[string]string{"URL": "x", "TIMEOUT": "3s", "N": "4", "LEVEL": "debug"}},
		{name: "Defaults", env: map[string]string{"URL": "x"}},
		{
			name:    "EveryProblemAtOnce",
			env:     map[string]string{"TIMEOUT": "soon", "N": "99", "LEVEL": "loud"},
			wantErr: []string{"URL: is required", `TIMEOUT: "soon" is not a duration`, "N: 99 is out of range [1, 10]", `LEVEL: "loud" is not one of debug, info`},
		},
		{name: "NegativeDuration", env: map[string]string{"URL": "x", "TIMEOUT": "-1s"}, wantErr: []string{"TIMEOUT: \"-1s\" must not be negative"}},
		{name: "NotAnInteger", env: map[string]string{"URL": "x", "N": "four"}, wantErr: []string{`N: "four" is not an integer`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := envconfig.New(env(tt.env))
			r.Required("URL")
			d := r.Duration("TIMEOUT", 25*time.Second)
			n := r.Int("N", 2, 1, 10)
			r.OneOf("LEVEL", "info", "debug", "info")
			err := r.Err()
			if len(tt.wantErr) == 0 {
				require.NoError(t, err)
				require.Positive(t, d)
				require.Positive(t, n)
				return
			}
			require.Error(t, err)
			for _, want := range tt.wantErr {
				require.Contains(t, err.Error(), want)
			}
		})
	}
}

func TestReader_String(t *testing.T) {
	t.Parallel()
	r := envconfig.New(env(map[string]string{"SET": " value "}))
	require.Equal(t, "value", r.String("SET", "def"))
	require.Equal(t, "def", r.String("UNSET", "def"))
	require.NoError(t, r.Err())
}

func TestReader_PositiveDuration(t *testing.T) {
	t.Parallel()
	r := envconfig.New(env(map[string]string{"ZERO": "0s", "SET": "2s"}))
	require.Equal(t, 2*time.Second, r.PositiveDuration("SET", time.Second))
	require.Equal(t, time.Second, r.PositiveDuration("UNSET", time.Second))
	require.Equal(t, time.Second, r.PositiveDuration("ZERO", time.Second))
	require.EqualError(t, r.Err(), "ZERO: must be positive, such as 25s or 500ms")
}

func TestReader_RequiredIf(t *testing.T) {
	t.Parallel()
	r := envconfig.New(env(map[string]string{"SET": "v"}))
	require.Equal(t, "v", r.RequiredIf("SET", true))
	require.Empty(t, r.RequiredIf("OPTIONAL", false))
	require.NoError(t, r.Err())
	require.Empty(t, r.RequiredIf("NEEDED", true))
	require.EqualError(t, r.Err(), "NEEDED: is required")
}
