package todoapi_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/tsumiki-dev/tsumiki/libs/kit/metrics"
	todoapi "github.com/tsumiki-dev/tsumiki/services/todo-api"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/config"
)

// TestObservability checks the embedded definition and that ServiceName is the name in
// service.yaml (the value of the Service dimension the alarms filter on).
func TestObservability(t *testing.T) {
	spec, err := metrics.Load(metrics.FileName)
	require.NoError(t, err)
	require.Equal(t, spec, todoapi.Observability())

	data, err := os.ReadFile("service.yaml")
	require.NoError(t, err)
	var def struct {
		Name string `yaml:"name"`
	}
	require.NoError(t, yaml.Unmarshal(data, &def))
	require.Equal(t, def.Name, todoapi.ServiceName)
}

// TestEnvironments keeps todo-api's own reading of TSUMIKI_ENV (fixtures) equal to the one
// behind the metrics' Environment dimension.
func TestEnvironments(t *testing.T) {
	require.Equal(t, metrics.EnvEnvironment, config.EnvEnvironment)
	require.Equal(t, metrics.Environments, config.Environments)
	require.Equal(t, config.Service, todoapi.ServiceName)
}
