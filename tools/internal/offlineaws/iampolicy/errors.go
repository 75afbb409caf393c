package iampolicy

import "errors"

var (
	// ErrDuplicateSid reports a Sid used twice: by two configured statements, or by two
	// statements across source_policy_documents (override documents may repeat Sids).
	ErrDuplicateSid = errors.New("duplicate Sid")
	// ErrInvalidDocument reports a source or override document that is not a policy document
	// the provider can read (invalid JSON, or a Statement that is not a list, ...).
	ErrInvalidDocument = errors.New("invalid policy document")
	// ErrUnsupportedValue reports a Principal or Condition value of a type the provider does
	// not accept (a principal identifier that is not a string, ...).
	ErrUnsupportedValue = errors.New("unsupported value")
	// ErrPolicyVariable reports an &{...} policy variable in a document of version 2008-10-17,
	// which does not support policy variables.
	ErrPolicyVariable = errors.New("policy variable not supported in version 2008-10-17")
	// ErrInvalidConfig reports a configuration value Read cannot interpret (a value of the
	// wrong type for the data source's schema).
	ErrInvalidConfig = errors.New("invalid aws_iam_policy_document configuration")
)

// Error is an error the real provider reports as a diagnostic. Its text is the provider's
// diagnostic summary (source: internal/service/iam/policy_document_data_source.go of
// hashicorp/terraform-provider-aws, v5.x/v6.x), so users see the message they would see with
// the real provider; errors.Is matches Kind and the wrapped cause.
type Error struct {
	// Kind is one of the Err* sentinels of this package.
	Kind error
	// Message is the provider's diagnostic text.
	Message string
	// Err is the underlying cause (a JSON syntax error, ...), or nil.
	Err error
}

// Error returns the provider's diagnostic text.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the kind and the cause, for errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}
