// Package iampolicy computes the aws_iam_policy_document data source for the offline
// stand-in of the hashicorp/aws provider: for the same configuration it produces the same
// json, minified_json and id strings as the real provider (v6.x), so plans and policy checks
// over rendered policies see what they would see with the real one.
//
// # Behaviour reproduced
//
// The facts come from the provider's source (hashicorp/terraform-provider-aws,
// internal/service/iam/policy_document_data_source.go and policy_model.go), its acceptance
// tests (policy_document_data_source_test.go, whose expected JSON the tests here reuse), its
// documentation (website/docs/d/iam_policy_document.html.markdown) and its CHANGELOG:
//
//   - Documents merge in this order: source_policy_documents (their Sids must be unique across
//     all of them), then the statement blocks, then override_policy_documents. A statement
//     whose Sid is already present replaces it in place; statements without Sid are appended.
//     The last non-empty Id wins, and the highest Version (string comparison).
//   - version defaults to "2012-10-17", effect to "Allow"; an empty Sid is omitted (since
//     v5.0.0), and so is a Statement list that ends up empty.
//   - actions, not_actions, resources, not_resources and principal identifiers are sets: one
//     value renders as a string, several as a list sorted in reverse (descending) order.
//     Condition values keep their configured order.
//   - &{...} becomes ${...} in resources, not_resources, identifiers and condition values (not
//     in actions); with version "2008-10-17" an &{ is an error instead.
//   - A lone principal of type "*" with identifier "*" renders "Principal": "*"; type "AWS"
//     with "*" stays {"AWS": "*"}. Several principals blocks of one type, and several
//     condition blocks with the same test and variable (since v5.14.0), are concatenated in
//     the order terraform-plugin-sdk/v2 lists set elements: by the decimal string of the
//     CRC-32 of each element's serialization (see sethash.go).
//   - Source and override documents are read with encoding/json: Action and Resource keep
//     their JSON form (a one-element list stays a list), "Principal": "<any string>" becomes
//     "*", boolean condition values become strings, numeric condition values are dropped.
//   - json is encoding/json's MarshalIndent with a two-space indent, minified_json is
//     json.Marshal (both escape <, > and & as \u003c, \u003e, \u0026; map keys are sorted),
//     and id is the decimal CRC-32 (IEEE) of json.
//
// # Verification
//
// The tests hold the documentation's examples, the provider's acceptance tests and cases of
// the model, each with its exact expected JSON. TestRealProviderParity, run on request (it
// needs terraform and a filesystem mirror holding the provider; the team's machine has
// hashicorp/aws 5.100.0 in /opt/tf-plugins, no 6.x binary), renders all of them with the
// real provider and requires identical json, minified_json, id and error messages. The
// rendering code (policy_model.go) is the same in 6.x as far as its source shows.
//
// # Use
//
// The offline provider calls Validate from ValidateDataResourceConfig and Read from
// ReadDataSource; both take the data source's config object as terraform sends it (typed by
// the schema), and Read returns the new state. Compute does Read's work on a plain Config;
// BuildDocument, Render and ParseDocument expose the steps.
//
// # Errors
//
// Failures the real provider reports are returned as *Error, whose text is the provider's
// diagnostic, matching errors.Is with ErrDuplicateSid (two statements with one Sid, or a Sid
// repeated across source documents), ErrInvalidDocument (a source or override document that
// is not valid JSON or not a policy document), ErrPolicyVariable (&{ with version
// 2008-10-17) or ErrUnsupportedValue (a principal of an unsupported JSON type). Where the
// provider crashes (a non-string value in a condition list, a null statement, a non-string
// principal identifier in 5.100.0) an error of the same kinds is returned instead. Read
// returns ErrInvalidConfig when the config object does not have the schema's shape. Validate
// reports what the provider's schema validators report before Read runs.
package iampolicy
