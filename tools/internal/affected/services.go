package affected

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
)

// loadReads returns, per service module directory (services/<name>), the paths outside it that
// its definition lists under reads: (tools/internal/svcdef). A repository without services/
// has none.
func loadReads(root string) (map[string][]string, error) {
	reads := map[string][]string{}
	if _, err := os.Stat(filepath.Join(root, svcdef.Dir)); errors.Is(err, fs.ErrNotExist) {
		return reads, nil
	}
	services, err := svcdef.Load(root)
	if err != nil {
		return nil, fmt.Errorf("service definitions: %w", err)
	}
	for _, s := range services {
		if len(s.Reads) > 0 {
			reads[s.Path()] = append([]string{}, s.Reads...)
		}
	}
	return reads, nil
}
