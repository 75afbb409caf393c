package syncbuf

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestBuffer_ConcurrentWriteAndRead(t *testing.T) {
	var b Buffer
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				_, err := fmt.Fprintf(&b, "w%d\n", i)
				require.NoError(t, err)
				_ = b.String()
			}
		}()
	}
	wg.Wait()
	got := b.String()
	require.Equal(t, 800, strings.Count(got, "\n"))
	for i := range 8 {
		require.Equal(t, 100, strings.Count(got, fmt.Sprintf("w%d\n", i)), "writer %d", i)
	}
}
