package svcdef_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
)

func TestWriteMake(t *testing.T) {
	services := []svcdef.Service{
		{Name: "api", Kind: svcdef.KindHTTP, Description: "The\n API #1 for $5.", Owners: []string{"@o/a", "@o/b"}, Stack: "api", Command: "api",
			Local: svcdef.Local{Args: []string{"serve", "-greeting", "hello world"}, PortEnv: "API_PORT"}, Migrations: "migrations"},
		{Name: "mail", Kind: svcdef.KindLambda, Description: "Mail.", Owners: []string{"@o/m"}, Stack: "mail", Command: "mail",
			Reads: []string{"libs/x/templates"}},
		{Name: "jobs", Kind: svcdef.KindWorker, Description: "Jobs.", Owners: []string{"@o/a"}, Stack: "jobs", Command: "jobs-cli"},
	}
	var b strings.Builder
	require.NoError(t, svcdef.WriteMake(&b, services))
	got := b.String()
	require.True(t, strings.HasPrefix(got, svcdef.MakeHeader))
	for _, want := range []string{
		"SERVICES := api mail jobs\n",
		"SERVICES_HTTP := api\n",
		"SERVICES_WORKER := jobs\n",
		"SERVICES_LAMBDA := mail\n",
		"SERVICES_ECS := api jobs\n",
		"SERVICES_MIGRATIONS := api\n",
		"SERVICE_FILES := services/api/service.yaml services/mail/service.yaml services/jobs/service.yaml\n",
		`SERVICE_DESCRIPTION_api := The API \#1 for $$5.` + "\n",
		"SERVICE_OWNERS_api := @o/a @o/b\n",
		"SERVICE_LOCAL_ARGS_api := serve -greeting 'hello world'\n",
		"SERVICE_PORT_ENV_api := API_PORT\n",
		"SERVICE_MIGRATIONS_api := services/api/migrations\n",
		"SERVICE_MIGRATIONS_mail :=\n",
		"SERVICE_READS_mail := libs/x/templates\n",
		"SERVICE_COMMAND_PATH_jobs := services/jobs/cmd/jobs-cli\n",
		"SERVICE_PORT_ENV_jobs :=\n",
	} {
		require.Contains(t, got, want)
	}
}
