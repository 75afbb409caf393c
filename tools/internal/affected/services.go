package affected

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"gopkg.in/yaml.v3"
)

// serviceDef is the part of a service definition (services/<name>/service.yaml) that affected
// reads: the paths outside the service's folder that its code or tests read.
//
// TODO(svcdef): read it with svcdef.Load once tools/internal/svcdef is on main.
type serviceDef struct {
	Name  string   `yaml:"name"`
	Reads []string `yaml:"reads"`
}

// loadReads returns, per service module directory (services/<name>), the paths its definition
// lists under reads:.
func loadReads(root string) (map[string][]string, error) {
	files, err := filepath.Glob(filepath.Join(root, "services", "*", "service.yaml"))
	if err != nil {
		return nil, fmt.Errorf("list service definitions: %w", err)
	}
	sort.Strings(files)
	reads := map[string][]string{}
	var errs []error
	for _, f := range files {
		rel, err := filepath.Rel(root, f)
		if err != nil {
			return nil, fmt.Errorf("service definition %s: %w", f, err)
		}
		rel = filepath.ToSlash(rel)
		b, err := os.ReadFile(f)
		if err != nil {
			errs = append(errs, fmt.Errorf("read %s: %w", rel, err))
			continue
		}
		var def serviceDef
		if err := yaml.Unmarshal(b, &def); err != nil {
			errs = append(errs, fmt.Errorf("parse %s: %w", rel, err))
			continue
		}
		dir := filepath.ToSlash(filepath.Dir(rel))
		if def.Name != filepath.Base(dir) {
			errs = append(errs, fmt.Errorf("%s: name %q must equal the folder name %q", rel, def.Name, filepath.Base(dir)))
			continue
		}
		if len(def.Reads) > 0 {
			reads[dir] = append([]string{}, def.Reads...)
		}
	}
	return reads, errors.Join(errs...)
}
