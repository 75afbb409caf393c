package account_test

import (
	"encoding/json"
	"errors"
	"os"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/offlineaws/account"
)

func TestStore_Persistent(t *testing.T) {
	dir := t.TempDir()
	s := account.Open(dir, "123456789012")
	require.True(t, s.Persistent())
	require.NoError(t, s.Update(func(a *account.Account) error {
		a.PutResource("aws_sqs_queue", "q", map[string]any{"name": "q", "delay_seconds": json.Number("5")})
		a.PutObject("artifacts", "mailer/bootstrap.zip")
		a.PushImage("todo-api", "bootstrap")
		a.AddHostedZone("Z1", "example.com")
		a.SetCertificateStatus("arn:aws:acm:eu-west-1:123456789012:certificate/x", account.CertificateIssued)
		return nil
	}))
	_, err := os.Stat(s.Path())
	require.NoError(t, err)

	// Another store on the same directory (another provider process) sees it all.
	other := account.Open(dir, "123456789012")
	require.NoError(t, other.View(func(a *account.Account) error {
		r, err := a.Resource("aws_sqs_queue", "q")
		require.NoError(t, err)
		assert.Equal(t, json.Number("5"), r["delay_seconds"])
		assert.True(t, a.HasObject("artifacts", "mailer/bootstrap.zip"))
		assert.True(t, a.HasImage("todo-api", "bootstrap"))
		assert.False(t, a.HasImage("todo-api", "latest"))
		assert.Equal(t, "example.com", a.HostedZones["Z1"])
		return nil
	}))
	// Another account id is another account.
	require.NoError(t, account.Open(dir, "210987654321").View(func(a *account.Account) error {
		_, err := a.Resource("aws_sqs_queue", "q")
		assert.ErrorIs(t, err, account.ErrNotFound)
		return nil
	}))
}

func TestStore_UpdateErrorStoresNothing(t *testing.T) {
	for _, dir := range []string{"", t.TempDir()} {
		s := account.Open(dir, "123456789012")
		boom := errors.New("boom")
		err := s.Update(func(a *account.Account) error {
			a.PutResource("aws_sqs_queue", "q", map[string]any{})
			return boom
		})
		require.ErrorIs(t, err, boom)
		require.NoError(t, s.View(func(a *account.Account) error {
			assert.Empty(t, a.ResourceIDs("aws_sqs_queue"), "dir %q", dir)
			return nil
		}))
	}
}

// Writers in separate stores (processes) never lose each other's updates.
func TestStore_ConcurrentUpdates(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := account.Open(dir, "123456789012")
			for range 25 {
				assert.NoError(t, s.Update(func(a *account.Account) error {
					a.NextSequence()
					return nil
				}))
			}
		}()
	}
	wg.Wait()
	require.NoError(t, account.Open(dir, "123456789012").View(func(a *account.Account) error {
		assert.Equal(t, int64(100), a.Sequence)
		return nil
	}))
}

func TestAccount_DeleteResource(t *testing.T) {
	a := &account.Account{}
	a.PutResource("aws_sqs_queue", "b", map[string]any{})
	a.PutResource("aws_sqs_queue", "a", map[string]any{})
	assert.Equal(t, []string{"a", "b"}, a.ResourceIDs("aws_sqs_queue"))
	a.DeleteResource("aws_sqs_queue", "a")
	a.DeleteResource("aws_sqs_queue", "missing")
	assert.Equal(t, []string{"b"}, a.ResourceIDs("aws_sqs_queue"))
}
