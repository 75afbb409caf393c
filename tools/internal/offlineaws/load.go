package offlineaws

import (
	"fmt"

	"github.com/tsumiki-dev/tsumiki/tools/internal/awsschema"
)

// LoadSchema returns the schema the provider binary serves: the real provider's, from package
// awsschema.
func LoadSchema() (*Schema, error) {
	s, err := awsschema.Load()
	if err != nil {
		return nil, fmt.Errorf("load the hashicorp/aws schema: %w", err)
	}
	return s, nil
}
