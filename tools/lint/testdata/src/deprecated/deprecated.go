// Package deprecated is a fixture: SA1019 on deprecated fields, one of them excluded.
package deprecated

import "example.com/sqs"

// Use reads both deprecated fields; only OldField is reported.
func Use(in sqs.Input) (int, string) {
	return len(in.AttributeNames), in.OldField // want `SA1019: \(example.com/sqs.Input\).OldField is deprecated: use NewField. +\(staticcheck\)`
}
