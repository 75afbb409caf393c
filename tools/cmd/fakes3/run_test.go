package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRun_ServesBucketsAndObjects(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan net.Addr, 1)
	var stdout bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, &stdout, io.Discard, ready) }()
	base := "http://" + (<-ready).String()

	do := func(method, path, body string) (int, string) {
		t.Helper()
		req, err := http.NewRequestWithContext(ctx, method, base+path, strings.NewReader(body))
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(b)
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

func TestRun_BadArguments(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{name: "UnknownFlag", args: []string{"-nope"}, wantErr: "parse arguments"},
		{name: "ExtraArgument", args: []string{"extra"}, wantErr: `unexpected arguments ["extra"]`},
		{name: "BadAddress", args: []string{"-addr", "127.0.0.1:notaport"}, wantErr: "listen on 127.0.0.1:notaport"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(context.Background(), tt.args, io.Discard, io.Discard, nil)
			require.ErrorContains(t, err, tt.wantErr)
		})
	}
}
