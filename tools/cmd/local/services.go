package main

import (
	"github.com/tsumiki-dev/tsumiki/tools/internal/localplatform"
	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
)

// loadServices reads the service definitions (services/*/service.yaml) as make dev runs them.
func loadServices(root string) ([]localplatform.Service, error) {
	defs, err := svcdef.Load(root)
	if err != nil {
		return nil, err
	}
	out := make([]localplatform.Service, 0, len(defs))
	for _, d := range defs {
		out = append(out, localplatform.Service{
			Name: d.Name, Kind: d.Kind, Command: d.Command, Args: d.Local.Args, PortEnv: d.Local.PortEnv,
		})
	}
	return out, nil
}

// lambdaNames are the services of kind lambda: deps/up creates a queue for each.
func lambdaNames(services []localplatform.Service) []string {
	var names []string
	for _, s := range services {
		if s.Kind == localplatform.KindLambda {
			names = append(names, s.Name)
		}
	}
	return names
}
