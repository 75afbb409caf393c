package rehearse

import (
	"testing"

	"github.com/stretchr/testify/require"
)

const examplePlan = `{
  "format_version": "1.2",
  "resource_changes": [
    {"address": "module.stack.aws_sqs_queue.this", "mode": "managed", "change": {"actions": ["no-op"]}},
    {"address": "module.stack.data.aws_region.current", "mode": "data", "change": {"actions": ["read"]}},
    {"address": "module.stack.module.postgres.aws_db_instance.this[0]", "mode": "managed", "change": {"actions": ["delete", "create"]}},
    {"address": "module.stack.aws_security_group.client", "mode": "managed", "change": {"actions": ["update"]}}
  ],
  "output_changes": {
    "queue_url": {"actions": ["no-op"]},
    "database_address": {"actions": ["update"]}
  },
  "prior_state": {"values": {"root_module": {
    "resources": [{"address": "terraform_data.x", "mode": "managed"}],
    "child_modules": [{"resources": [
      {"address": "module.stack.aws_sqs_queue.this", "mode": "managed"},
      {"address": "module.stack.data.aws_region.current", "mode": "data"}
    ], "child_modules": [{"resources": [{"address": "module.stack.module.postgres.aws_db_instance.this[0]", "mode": "managed"}]}]}]
  }}}
}`

func TestPlan(t *testing.T) {
	t.Parallel()

	p, err := ParsePlan([]byte(examplePlan))

	require.NoError(t, err)
	require.Equal(t, []string{
		"delete,create module.stack.module.postgres.aws_db_instance.this[0]",
		"update module.stack.aws_security_group.client",
		"update output.database_address",
	}, p.Pending())
	require.Equal(t, []string{"module.stack.module.postgres.aws_db_instance.this[0]"}, p.Replaced())
	require.Equal(t, 3, p.PriorResources())
}

func TestPlan_EmptyPlanHasNothingPending(t *testing.T) {
	t.Parallel()

	p, err := ParsePlan([]byte(`{"resource_changes": [{"address": "a.b", "mode": "managed", "change": {"actions": ["no-op"]}}]}`))

	require.NoError(t, err)
	require.Empty(t, p.Pending())
	require.Empty(t, p.Replaced())
	require.Zero(t, p.PriorResources())
}

func TestParsePlan_NotJSON(t *testing.T) {
	t.Parallel()

	_, err := ParsePlan([]byte("Plan: 1 to add"))

	require.ErrorContains(t, err, "decode plan JSON")
}

func TestStateAddresses(t *testing.T) {
	t.Parallel()
	state := `{"version": 4, "resources": [
  {"module": "module.stack.module.postgres", "mode": "managed", "type": "aws_db_instance", "name": "protected", "instances": [{"index_key": 0}]},
  {"mode": "managed", "type": "terraform_data", "name": "x", "instances": [{}]},
  {"module": "module.stack", "mode": "managed", "type": "aws_vpc_endpoint", "name": "gateway", "instances": [{"index_key": "s3"}]},
  {"module": "module.stack", "mode": "data", "type": "aws_region", "name": "current", "instances": [{}]}
]}`

	got := StateAddresses([]byte(state))

	require.Equal(t, []string{
		"module.stack.aws_vpc_endpoint.gateway[\"s3\"]",
		"module.stack.module.postgres.aws_db_instance.protected[0]",
		"terraform_data.x",
	}, got)
}
