// Package sqs is a fixture: a type with deprecated fields, like the SDK's ReceiveMessageInput.
package sqs

// Input has one field the exclusion names and one it does not.
type Input struct {
	// Deprecated: use MessageSystemAttributeNames.
	AttributeNames []string
	// Deprecated: use NewField.
	OldField string
	// NewField is current.
	NewField string
}
