// Package domain holds todo-api's entities (users, API tokens, todos), their validation rules
// and the one error type every layer uses. It depends on nothing but the standard library and
// uuid; adapters (postgres, httpapi) depend on it, never the other way round.
package domain
