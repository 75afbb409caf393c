package awsconfig_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/awsconfig"
)

func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestLoad(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		wantErr []string
	}{
		{name: "MissingRegion", env: map[string]string{}, wantErr: []string{"AWS_REGION is required"}},
		{
			name:    "KeyWithoutSecret",
			env:     map[string]string{"AWS_ACCESS_KEY_ID": "local"},
			wantErr: []string{"AWS_REGION is required", "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together"},
		},
		{name: "Valid", env: map[string]string{"AWS_REGION": "ap-northeast-1", "AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := awsconfig.Load(context.Background(), envOf(tt.env))
			if len(tt.wantErr) > 0 {
				require.Error(t, err)
				for _, want := range tt.wantErr {
					require.ErrorContains(t, err, want)
				}
				return
			}
			require.NoError(t, err)
			require.Equal(t, "ap-northeast-1", cfg.Region)
			creds, err := cfg.Credentials.Retrieve(context.Background())
			require.NoError(t, err)
			require.Equal(t, "a", creds.AccessKeyID)
		})
	}
}

// TestLoad_ServiceEndpoint checks that AWS_ENDPOINT_URL_SQS from getenv (not the process
// environment) is where an SQS client built from the configuration sends its requests.
func TestLoad_ServiceEndpoint(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		_, _ = w.Write([]byte(`{"QueueUrls":[]}`))
	}))
	defer srv.Close()

	cfg, err := awsconfig.Load(context.Background(), envOf(map[string]string{
		"AWS_REGION":            "ap-northeast-1",
		"AWS_ACCESS_KEY_ID":     "local",
		"AWS_SECRET_ACCESS_KEY": "local",
		"AWS_ENDPOINT_URL_SQS":  srv.URL,
	}))
	require.NoError(t, err)
	_, err = sqs.NewFromConfig(cfg).ListQueues(context.Background(), &sqs.ListQueuesInput{})
	require.NoError(t, err)
	require.Equal(t, int32(1), hits.Load())
}
