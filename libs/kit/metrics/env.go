package metrics

import "github.com/tsumiki-dev/tsumiki/libs/kit/envconfig"

// EnvEnvironment is the variable that names the environment a service runs in, the value of
// the Environment dimension. todo-api reads it in its own configuration as well (fixtures).
const EnvEnvironment = "TSUMIKI_ENV"

// Environments are the valid TSUMIKI_ENV values; local is the default.
var Environments = []string{"local", "stg", "prd"}

// EnvironmentFromEnv reads TSUMIKI_ENV through r: one of Environments, local when unset. A
// bad value is recorded in r, naming the valid ones.
func EnvironmentFromEnv(r *envconfig.Reader) string {
	return r.OneOf(EnvEnvironment, "local", Environments...)
}
