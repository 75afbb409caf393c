// Package mailer carries what the mailer module ships besides its code: its observability
// definition (observability.yaml), embedded so the binary emits exactly the metrics the
// alarms and dashboards watch, wherever it runs.
package mailer

import (
	_ "embed"

	"github.com/tsumiki-dev/tsumiki/libs/kit/metrics"
)

// ServiceName is the service's name as its service.yaml spells it: the Service dimension.
const ServiceName = "mailer"

//go:embed observability.yaml
var observabilityYAML []byte

// Observability returns the service's observability definition. The embedded file is
// checked by this package's tests, so it cannot fail at run time.
func Observability() metrics.Spec {
	return metrics.MustParse(observabilityYAML)
}
