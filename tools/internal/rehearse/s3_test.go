package rehearse

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestS3_ConditionalPutIsALock shows the fact terraform's use_lockfile relies on: the S3 backend
// takes <key>.tflock with PutObject and If-None-Match: *, so a second taker must get 412
// PreconditionFailed while the first holds it, and succeed once it is deleted.
func TestS3_ConditionalPutIsALock(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s3, err := StartS3(ctx, nil)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, s3.Close(context.Background())) })
	require.NoError(t, s3.CreateBucket("tsumiki-stg-platform-tfstate"))

	lock := s3.URL + "/tsumiki-stg-platform-tfstate/stg/network/terraform.tfstate.tflock"
	send := func(method, body string, header map[string]string) (int, string) {
		t.Helper()
		req, err := http.NewRequestWithContext(ctx, method, lock, strings.NewReader(body))
		require.NoError(t, err)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer func() { require.NoError(t, resp.Body.Close()) }()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(b)
	}
	ifNoneMatch := map[string]string{"If-None-Match": "*"}

	status, body := send(http.MethodPut, `{"ID":"first"}`, ifNoneMatch)
	require.Equal(t, http.StatusOK, status, body)

	status, body = send(http.MethodPut, `{"ID":"second"}`, ifNoneMatch)
	require.Equal(t, http.StatusPreconditionFailed, status, "a lock taken twice must fail")
	require.Contains(t, body, "PreconditionFailed")
	held, err := s3.Get("tsumiki-stg-platform-tfstate", "stg/network/terraform.tfstate.tflock")
	require.NoError(t, err)
	require.JSONEq(t, `{"ID":"first"}`, string(held), "the first holder keeps the lock")

	status, _ = send(http.MethodDelete, "", nil)
	require.Equal(t, http.StatusNoContent, status)
	status, body = send(http.MethodPut, `{"ID":"second"}`, ifNoneMatch)
	require.Equal(t, http.StatusOK, status, "a released lock can be taken again: %s", body)

	keys, err := s3.Keys("tsumiki-stg-platform-tfstate")
	require.NoError(t, err)
	require.Equal(t, []string{"stg/network/terraform.tfstate.tflock"}, keys)
}

func TestS3_BucketsAppearWhenTheAccountHasThem(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	account := map[string]bool{"tsumiki-stg-platform-tfstate": true}
	s3, err := StartS3(ctx, func(b string) (bool, error) { return account[b], nil })
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, s3.Close(context.Background())) })
	get := func(path string) int {
		t.Helper()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s3.URL+path, nil)
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		return resp.StatusCode
	}

	require.Equal(t, http.StatusNotFound, get("/tsumiki-prd-platform-tfstate/prd/network/terraform.tfstate"), "the account has no such bucket")
	require.Equal(t, http.StatusNotFound, get("/tsumiki-stg-platform-tfstate/stg/network/terraform.tfstate"), "the bucket exists, the state does not yet")
	require.NoError(t, s3.Put("tsumiki-stg-platform-tfstate", "stg/network/terraform.tfstate", []byte("{}")))
	require.Equal(t, http.StatusOK, get("/tsumiki-stg-platform-tfstate/stg/network/terraform.tfstate"))

	bucket, err := s3.Find("stg/network/terraform.tfstate")
	require.NoError(t, err)
	require.Equal(t, "tsumiki-stg-platform-tfstate", bucket)
	bucket, err = s3.Find("stg/shared/terraform.tfstate")
	require.NoError(t, err)
	require.Empty(t, bucket)
	require.NoError(t, s3.Put("tsumiki-stg-platform-tfstate", "stg/network/terraform.tfstate.tflock", []byte("{}")))
	locks, err := s3.Locks()
	require.NoError(t, err)
	require.Equal(t, []string{"s3://tsumiki-stg-platform-tfstate/stg/network/terraform.tfstate.tflock"}, locks)
}
