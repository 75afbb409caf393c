package envcheck

import (
	"fmt"
	"sort"

	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
)

// ServiceDeps returns, per service (svcdef), the import paths of this repository's packages
// its command builds with (the command's own included), sorted: what a check needs to tell
// whether a service can do something at all, such as send mail through libs/mailer.
func ServiceDeps(root string) (map[string][]string, error) {
	services, err := svcdef.Load(root)
	if err != nil {
		return nil, fmt.Errorf("load services: %w", err)
	}
	pkgs, err := loadPackages(root)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, s := range services {
		main := modulePrefix + s.CommandPath()
		if pkgs[main] == nil {
			return nil, fmt.Errorf("%s: command %s has no Go files", s.File(), s.CommandPath())
		}
		seen := map[string]bool{}
		queue := []string{main}
		for len(queue) > 0 {
			path := queue[0]
			queue = queue[1:]
			if seen[path] {
				continue
			}
			seen[path] = true
			for _, imp := range pkgs[path].imports {
				if _, ok := pkgs[imp]; ok {
					queue = append(queue, imp)
				}
			}
		}
		deps := make([]string, 0, len(seen))
		for p := range seen {
			deps = append(deps, p)
		}
		sort.Strings(deps)
		out[s.Name] = deps
	}
	return out, nil
}
