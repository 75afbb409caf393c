package deploy_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	deploypkg "github.com/tsumiki-dev/tsumiki/tools/deploy"
	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
)

// validServices is how an error lists the valid SERVICE values: every defined service.
func validServices(t *testing.T, root string) string {
	t.Helper()
	services, err := svcdef.Load(root)
	require.NoError(t, err)
	require.NotEmpty(t, services)
	return strings.Join(svcdef.Names(services), " ")
}

func TestResolve(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	tests := []struct {
		name    string
		service string
		env     string
		want    deploypkg.Names
		wantErr string
	}{
		{
			name: "HTTPService", service: "todo-api", env: "stg",
			want: deploypkg.Names{
				Service: "todo-api", Kind: "http", Stack: "todo-api", Package: "./services/todo-api/cmd/todo-api",
				Cluster: "tsumiki-stg-platform-cluster", Repository: "tsumiki-stg-todo-api-images",
				ECSService: "tsumiki-stg-todo-api-service", MigrationRole: "tsumiki-stg-todo-api-service-migration",
			},
		},
		{
			name: "Worker", service: "todo-batch", env: "prd",
			want: deploypkg.Names{
				Service: "todo-batch", Kind: "worker", Stack: "todo-batch", Package: "./services/todo-batch/cmd/todo-batch",
				Cluster: "tsumiki-prd-platform-cluster", Repository: "tsumiki-prd-todo-batch-images",
				ECSService: "tsumiki-prd-todo-batch-worker", MigrationRole: "tsumiki-prd-todo-batch-worker-migration",
			},
		},
		{
			name: "Lambda", service: "mailer", env: "prd",
			want: deploypkg.Names{
				Service: "mailer", Kind: "lambda", Stack: "mailer", Package: "./services/mailer/cmd/mailer",
				Function: "tsumiki-prd-mailer-function", ArtifactsBucket: "tsumiki-prd-platform-artifacts",
			},
		},
		{name: "UnknownService", service: "nope", env: "stg", wantErr: "unknown SERVICE 'nope'; one of: " + validServices(t, root)},
		{name: "UnknownEnv", service: "mailer", env: "local", wantErr: "unknown ENV 'local'; one of: stg prd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := deploypkg.Resolve(root, tt.service, tt.env)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

// TestResolve_MissingStack is a service whose stack renders nothing: every name the deploy
// needs is reported, none is made up.
func TestResolve_MissingStack(t *testing.T) {
	root := t.TempDir()
	write := func(name, body string) {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	write("services/api/service.yaml", "name: api\nkind: worker\ndescription: d\nowners: [\"@o/a\"]\nstack: api\ncommand: api\n")
	write("terraform/stg/api/main.tf", "terraform {\n  backend \"s3\" {}\n}\n")
	_, err := deploypkg.Resolve(root, "api", "stg")
	require.Error(t, err)
	require.ErrorContains(t, err, "terraform/stg/shared: want one aws_ecs_cluster (name) for api, found 0")
	require.ErrorContains(t, err, "terraform/stg/api: want one aws_ecs_service (name) for api, found 0")
}

func TestResolveDatabase(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	got, err := deploypkg.ResolveDatabase(root, "todo-api", "prd")
	require.NoError(t, err)
	require.Equal(t, "tsumiki-prd-todo-api-db", got.DBInstance)
	require.Equal(t, "tsumiki-prd-todo-api-db-bootstrap", got.BootstrapRole)
	require.Equal(t, "tsumiki-prd-todo-api-service", got.ECSService)
}

func TestNames_Shell(t *testing.T) {
	n := deploypkg.Names{Kind: "lambda", Stack: "mail", Package: "./services/mail/cmd/mail", Function: "it's"}
	require.Equal(t, "kind='lambda'\nstack='mail'\npackage='./services/mail/cmd/mail'\ncluster=''\nrepository=''\necs_service=''\n"+
		"migration_role=''\nfunction='it'\\''s'\nartifacts_bucket=''\ndb_instance=''\nbootstrap_role=''\n", n.Shell())
}
