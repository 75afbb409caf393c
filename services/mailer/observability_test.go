package mailer_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/tsumiki-dev/tsumiki/libs/kit/metrics"
	mailer "github.com/tsumiki-dev/tsumiki/services/mailer"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/config"
)

// TestObservability checks the embedded definition and that ServiceName is the name in
// service.yaml (the value of the Service dimension the alarms filter on).
func TestObservability(t *testing.T) {
	spec, err := metrics.Load(metrics.FileName)
	require.NoError(t, err)
	require.Equal(t, spec, mailer.Observability())

	data, err := os.ReadFile("service.yaml")
	require.NoError(t, err)
	var def struct {
		Name string `yaml:"name"`
	}
	require.NoError(t, yaml.Unmarshal(data, &def))
	require.Equal(t, def.Name, mailer.ServiceName)
}

// TestServiceName keeps the Service dimension equal to the name the service logs under.
func TestServiceName(t *testing.T) {
	require.Equal(t, config.Service, mailer.ServiceName)
}
