package iampolicy

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCompute_ModelRules(t *testing.T) {
	t.Parallel()
	runRenderCases(t, modelCases())
}

// modelCases are cases derived from the provider's model and from this repository.
func modelCases() []renderCase {
	tests := []struct {
		name   string
		source string
		cfg    Config
		want   string
	}{
		{
			name:   "NotPrincipalNotActionNotResource",
			source: "model: not_* arguments render NotPrincipal, NotAction, NotResource; sets of several reverse-sorted",
			cfg: Config{Statements: []StatementConfig{{
				Sid:           "DenyAllButRoot",
				Effect:        "Deny",
				NotActions:    []string{"iam:*", "sts:*"},
				NotResources:  []string{"arn:aws:s3:::a", "arn:aws:s3:::b"},
				NotPrincipals: []PrincipalConfig{{Type: "AWS", Identifiers: []string{"arn:aws:iam::123456789012:root"}}},
			}}},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyAllButRoot",
      "Effect": "Deny",
      "NotAction": [
        "sts:*",
        "iam:*"
      ],
      "NotResource": [
        "arn:aws:s3:::b",
        "arn:aws:s3:::a"
      ],
      "NotPrincipal": {
        "AWS": "arn:aws:iam::123456789012:root"
      }
    }
  ]
}`,
		},
		{
			name:   "WildcardTypeWithOtherPrincipals",
			source: `model: only a lone {"*": "*"} principal renders as "*" (PrincipalSet.MarshalJSON)`,
			cfg: Config{Statements: []StatementConfig{{
				Actions: []string{"s3:GetObject"},
				Principals: []PrincipalConfig{
					{Type: "*", Identifiers: []string{"*"}},
					{Type: "CanonicalUser", Identifiers: []string{"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}},
				},
			}}},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Principal": {
        "*": "*",
        "CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
      }
    }
  ]
}`,
		},
		{
			name:   "HTMLCharactersEscapedAndActionsNotSubstituted",
			source: "model: encoding/json escapes <, > and &; &{ is replaced in resources and condition values, not in actions",
			cfg: Config{Statements: []StatementConfig{{
				Actions:    []string{"s3:&{odd}"},
				Resources:  []string{"arn:aws:s3:::b/&{aws:userid}/<x>"},
				Conditions: []ConditionConfig{{Test: "StringEquals", Variable: "aws:PrincipalTag/team", Values: []string{"a&b"}}},
			}}},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:\u0026{odd}",
      "Resource": "arn:aws:s3:::b/${aws:userid}/\u003cx\u003e",
      "Condition": {
        "StringEquals": {
          "aws:PrincipalTag/team": "a\u0026b"
        }
      }
    }
  ]
}`,
		},
		{
			name:   "EmptyValuesAndIdentifiers",
			source: "model: an empty values list or identifiers set renders an empty list",
			cfg: Config{Statements: []StatementConfig{{
				Actions:    []string{"s3:GetObject"},
				Principals: []PrincipalConfig{{Type: "AWS", Identifiers: []string{}}},
				Conditions: []ConditionConfig{{Test: "Null", Variable: "aws:TokenIssueTime", Values: []string{}}},
			}}},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Principal": {
        "AWS": []
      },
      "Condition": {
        "Null": {
          "aws:TokenIssueTime": []
        }
      }
    }
  ]
}`,
		},
		{
			name:   "EmptyStatementBlock",
			source: "model: a statement block with no arguments renders only its default Effect",
			cfg:    Config{Statements: []StatementConfig{{}}},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow"
    }
  ]
}`,
		},
		{
			name:   "SourceDocumentForms",
			source: "model: source documents keep Action/Resource as written; Principal string becomes \"*\"; principal lists render reverse-sorted; numbers in conditions dropped; keys match case-insensitively",
			cfg: Config{SourcePolicyDocuments: []string{`{
  "Statement": [
    {"sid": "Lower", "effect": "Allow", "action": ["s3:GetObject"], "resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::a/*"], "principal": "anyone"},
    {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": ["arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root"], "Service": ["ecs-tasks.amazonaws.com"]}},
    {"Effect": "Deny", "NotAction": "s3:*", "Condition": {"NumericGreaterThan": {"aws:MultiFactorAuthAge": 3600}, "Bool": {"aws:SecureTransport": "false"}}},
    {"Effect": "Deny", "Action": "*", "Condition": {"NumericLessThan": {"s3:max-keys": 10}}}
  ]
}`}},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Lower",
      "Effect": "Allow",
      "Action": [
        "s3:GetObject"
      ],
      "Resource": [
        "arn:aws:s3:::b/*",
        "arn:aws:s3:::a/*"
      ],
      "Principal": "*"
    },
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": {
        "AWS": [
          "arn:aws:iam::222222222222:root",
          "arn:aws:iam::111111111111:root"
        ],
        "Service": [
          "ecs-tasks.amazonaws.com"
        ]
      }
    },
    {
      "Effect": "Deny",
      "NotAction": "s3:*",
      "Condition": {
        "Bool": {
          "aws:SecureTransport": "false"
        }
      }
    },
    {
      "Effect": "Deny",
      "Action": "*"
    }
  ]
}`,
		},
		{
			name:   "VersionIdMerge",
			source: "model: the highest Version wins (string comparison), the last non-empty Id wins",
			cfg: Config{
				Version:                 "2008-10-17",
				PolicyID:                "from-config",
				SourcePolicyDocuments:   []string{`{"Version": "2012-10-17", "Id": "from-source"}`},
				OverridePolicyDocuments: []string{`{"Id": "from-override", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject"}]}`},
			},
			want: `{
  "Version": "2012-10-17",
  "Id": "from-override",
  "Statement": [
    {
      "Sid": "A",
      "Effect": "Allow",
      "Action": "s3:GetObject"
    }
  ]
}`,
		},
		{
			name:   "RepoGitHubOIDCApplyTrust",
			source: "repo: modules/github-oidc-role apply_trust (repository tsumiki-dev/tsumiki, apply_environments [stg, prd]); rendering per model",
			cfg: Config{Statements: []StatementConfig{{
				Actions:    []string{"sts:AssumeRoleWithWebIdentity"},
				Principals: []PrincipalConfig{{Type: "Federated", Identifiers: []string{"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}}},
				Conditions: []ConditionConfig{
					{Test: "StringEquals", Variable: "token.actions.githubusercontent.com:aud", Values: []string{"sts.amazonaws.com"}},
					{Test: "StringEquals", Variable: "token.actions.githubusercontent.com:sub", Values: []string{
						"repo:tsumiki-dev/tsumiki:ref:refs/heads/main",
						"repo:tsumiki-dev/tsumiki:environment:stg",
						"repo:tsumiki-dev/tsumiki:environment:prd",
					}},
				},
			}}},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Principal": {
        "Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
      },
      "Condition": {
        "StringEquals": {
          "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
          "token.actions.githubusercontent.com:sub": [
            "repo:tsumiki-dev/tsumiki:ref:refs/heads/main",
            "repo:tsumiki-dev/tsumiki:environment:stg",
            "repo:tsumiki-dev/tsumiki:environment:prd"
          ]
        }
      }
    }
  ]
}`,
		},
		{
			name:   "RepoS3BucketDenyInsecureTransport",
			source: "repo: modules/s3-bucket DenyInsecureTransport statement (bucket example-bucket); rendering per model",
			cfg: Config{Statements: []StatementConfig{{
				Sid:        "DenyInsecureTransport",
				Effect:     "Deny",
				Actions:    []string{"s3:*"},
				Resources:  []string{"arn:aws:s3:::example-bucket", "arn:aws:s3:::example-bucket/*"},
				Principals: []PrincipalConfig{{Type: "AWS", Identifiers: []string{"*"}}},
				Conditions: []ConditionConfig{{Test: "Bool", Variable: "aws:SecureTransport", Values: []string{"false"}}},
			}}},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyInsecureTransport",
      "Effect": "Deny",
      "Action": "s3:*",
      "Resource": [
        "arn:aws:s3:::example-bucket/*",
        "arn:aws:s3:::example-bucket"
      ],
      "Principal": {
        "AWS": "*"
      },
      "Condition": {
        "Bool": {
          "aws:SecureTransport": "false"
        }
      }
    }
  ]
}`,
		},
		{
			name:   "OverrideSidsMayRepeat",
			source: "model: override documents replace by Sid without the uniqueness check of source documents",
			cfg: Config{
				Statements: []StatementConfig{{Sid: "S", Actions: []string{"a:A"}}},
				OverridePolicyDocuments: []string{
					`{"Statement": [{"Sid": "S", "Effect": "Deny", "Action": "b:B"}, {"Sid": "S", "Effect": "Allow", "Action": "c:C"}]}`,
				},
			},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "S",
      "Effect": "Allow",
      "Action": "c:C"
    }
  ]
}`,
		},
	}
	cases := make([]renderCase, 0, len(tests))
	for _, tt := range tests {
		cases = append(cases, renderCase{
			name: tt.name, source: tt.source, want: tt.want,
			cfg: func(*testing.T) Config { return tt.cfg },
		})
	}
	return cases
}

// errorCase is a configuration the provider rejects.
type errorCase struct {
	name    string
	source  string
	cfg     Config
	wantErr error
	// wantMsg is the whole message, when the provider's is known exactly.
	wantMsg string
	// wantPattern is a pattern the message matches.
	wantPattern string
	// provider says how the real provider fails: "" like Read (a read-time diagnostic with the
	// same message), "validate" at validation time (see TestValidate), "crash" with a panic.
	provider string
	// goTypeNames marks a message that quotes Go type names of the implementation (an
	// encoding/json error), which differ from the provider's: only wantPattern must match.
	goTypeNames bool
}

func TestCompute_Errors(t *testing.T) {
	t.Parallel()
	for _, tt := range errorCases() {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Compute(tt.cfg)
			require.ErrorIs(t, err, tt.wantErr, tt.source)
			if tt.wantMsg != "" {
				require.EqualError(t, err, tt.wantMsg, tt.source)
			}
			if tt.wantPattern != "" {
				require.Regexp(t, tt.wantPattern, err.Error(), tt.source)
			}
		})
	}
}

// errorCases are the configurations the provider rejects.
func errorCases() []errorCase {
	// The pattern of acc: TestAccIAMPolicyDocumentDataSource_version20081017's ExpectError.
	const variablePattern = `found &\{ sequence in \(.+\), which is not supported in document version 2008-10-17`
	stmt2008 := func(sc StatementConfig) Config {
		sc.Actions = []string{"*"}
		return Config{Version: "2008-10-17", Statements: []StatementConfig{sc}}
	}

	return []errorCase{
		{
			name:    "DuplicateSid",
			source:  "acc: TestAccIAMPolicyDocumentDataSource_duplicateSid (step 1)",
			cfg:     Config{Statements: []StatementConfig{{Sid: "1", Actions: []string{"ec2:DescribeAccountAttributes"}}, {Sid: "1", Actions: []string{"s3:GetObject"}}}},
			wantErr: ErrDuplicateSid,
			wantMsg: "writing IAM Policy Document: duplicate Sid (1). Remove the Sid or ensure the Sid is unique.",
		},
		{
			name:   "DuplicateSidAcrossSourceDocuments",
			source: "acc: TestAccIAMPolicyDocumentDataSource_sourceListConflicting",
			cfg: Config{SourcePolicyDocuments: []string{
				`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"foo:ActionOne"},{"Sid":"conflictSid","Effect":"Allow","Action":"bar:ActionOne"}]}`,
				`{"Version":"2012-10-17","Statement":[{"Sid":"validSid","Effect":"Deny","Action":"foo:ActionTwo"}]}`,
				`{"Version":"2012-10-17","Statement":[{"Sid":"conflictSid","Effect":"Allow","Action":"bar:ActionTwo"}]}`,
			}},
			wantErr: ErrDuplicateSid,
			wantMsg: "writing IAM Policy Document: merging source document 2: duplicate Sid (conflictSid) in source_policy_documents (statement 0). Remove the Sid or ensure Sids are unique.",
		},
		{
			name:    "DuplicateSidWithinOneSourceDocument",
			source:  "model: the Sid check runs statement by statement",
			cfg:     Config{SourcePolicyDocuments: []string{`{"Statement":[{"Sid":"A"},{"Sid":"A"}]}`}},
			wantErr: ErrDuplicateSid,
			wantMsg: "writing IAM Policy Document: merging source document 0: duplicate Sid (A) in source_policy_documents (statement 1). Remove the Sid or ensure Sids are unique.",
		},
		{
			name:     "InvalidSourceJSON",
			source:   "acc: TestAccIAMPolicyDocumentDataSource_sourcePolicyValidJSON (step 1, as Read reports it; validation reports it first, see TestValidate)",
			cfg:      Config{SourcePolicyDocuments: []string{"{"}},
			wantErr:  ErrInvalidDocument,
			wantMsg:  "writing IAM Policy Document: merging source document 0: unexpected end of JSON input",
			provider: "validate",
		},
		{
			name:     "InvalidOverrideJSON",
			source:   "acc: TestAccIAMPolicyDocumentDataSource_overridePolicyDocumentValidJSON (step 1, as Read reports it)",
			cfg:      Config{OverridePolicyDocuments: []string{`{"Statement": [}`}},
			wantErr:  ErrInvalidDocument,
			wantMsg:  "writing IAM Policy Document: merging override document 0: invalid character '}' looking for beginning of value",
			provider: "validate",
		},
		{
			name:        "StatementNotAList",
			source:      "model: Statement decodes into a list; a single object is an error",
			cfg:         Config{SourcePolicyDocuments: []string{`{"Statement": {"Effect": "Allow", "Action": "*"}}`}},
			wantErr:     ErrInvalidDocument,
			wantPattern: `^writing IAM Policy Document: merging source document 0: json: cannot unmarshal object into Go struct field`,
			goTypeNames: true,
		},
		{
			name:    "PrincipalNotAnObject",
			source:  "model: IAMPolicyStatementPrincipalSet.UnmarshalJSON rejects a principal that is neither a string nor an object",
			cfg:     Config{SourcePolicyDocuments: []string{`{"Statement": [{"Principal": 1}]}`}},
			wantErr: ErrUnsupportedValue,
			wantMsg: "writing IAM Policy Document: merging source document 0: Unsupported data type float64 for IAMPolicyStatementPrincipalSet",
		},
		{
			name:    "PrincipalIdentifiersNotAStringOrList",
			source:  "model: IAMPolicyStatementPrincipalSet.UnmarshalJSON rejects identifiers that are neither a string nor a list",
			cfg:     Config{OverridePolicyDocuments: []string{`{"Statement": [{"Principal": {"AWS": {"x": 1}}}]}`}},
			wantErr: ErrUnsupportedValue,
			wantMsg: "writing IAM Policy Document: merging override document 0: Unsupported data type map[string]interface {} for IAMPolicyStatementPrincipalSet.Identifiers",
		},
		{
			name:        "ConditionNotAnObjectOfObjects",
			source:      "model: a Condition element decodes into map[string]map[string]any",
			cfg:         Config{SourcePolicyDocuments: []string{`{"Statement": [{"Condition": {"Bool": "x"}}]}`}},
			wantErr:     ErrInvalidDocument,
			wantPattern: `^writing IAM Policy Document: merging source document 0: json: cannot unmarshal string into Go (value|struct field \S+) of type map\[string\]interface \{\}$`,
			goTypeNames: true,
		},
		{
			name:     "PrincipalIdentifierNotAString",
			source:   "model: principal list elements must be strings (text of the newest provider source; 5.100.0 panics)",
			cfg:      Config{OverridePolicyDocuments: []string{`{"Statement": [{"Principal": {"AWS": [1]}}]}`}},
			wantErr:  ErrUnsupportedValue,
			wantMsg:  `writing IAM Policy Document: merging override document 0: Unsupported element type float64 for IAMPolicyStatementPrincipalSet.Identifiers[0] (principal type "AWS"): must be string`,
			provider: "crash",
		},
		{
			name:     "NullStatement",
			source:   "model: the provider crashes on a null statement; reported as an error here",
			cfg:      Config{SourcePolicyDocuments: []string{`{"Statement": [null]}`}},
			wantErr:  ErrUnsupportedValue,
			provider: "crash",
		},
		{
			name:        "Version20081017Condition",
			source:      "acc: TestAccIAMPolicyDocumentDataSource_version20081017 (condition)",
			cfg:         stmt2008(StatementConfig{Resources: []string{"*"}, Conditions: []ConditionConfig{{Test: "StringLike", Variable: "s3:prefix", Values: []string{"home/", "home/&{aws:username}/"}}}}),
			wantErr:     ErrPolicyVariable,
			wantMsg:     "reading condition: reading values: found &{ sequence in (home/&{aws:username}/), which is not supported in document version 2008-10-17",
			wantPattern: variablePattern,
		},
		{
			name:        "Version20081017NotPrincipals",
			source:      "acc: TestAccIAMPolicyDocumentDataSource_version20081017 (not_principals)",
			cfg:         stmt2008(StatementConfig{Resources: []string{"*"}, NotPrincipals: []PrincipalConfig{{Type: "AWS", Identifiers: []string{"&{aws:username}"}}}}),
			wantErr:     ErrPolicyVariable,
			wantMsg:     "reading not_principals: reading identifiers: found &{ sequence in (&{aws:username}), which is not supported in document version 2008-10-17",
			wantPattern: variablePattern,
		},
		{
			name:        "Version20081017NotResources",
			source:      "acc: TestAccIAMPolicyDocumentDataSource_version20081017 (not_resources)",
			cfg:         stmt2008(StatementConfig{NotResources: []string{"arn:aws:s3:::foo/home/&{aws:username}"}}),
			wantErr:     ErrPolicyVariable,
			wantMsg:     "reading not_resources: found &{ sequence in (arn:aws:s3:::foo/home/&{aws:username}), which is not supported in document version 2008-10-17",
			wantPattern: variablePattern,
		},
		{
			name:        "Version20081017Principals",
			source:      "acc: TestAccIAMPolicyDocumentDataSource_version20081017 (principals)",
			cfg:         stmt2008(StatementConfig{Resources: []string{"*"}, Principals: []PrincipalConfig{{Type: "AWS", Identifiers: []string{"&{aws:username}"}}}}),
			wantErr:     ErrPolicyVariable,
			wantPattern: variablePattern,
		},
		{
			name:        "Version20081017Resources",
			source:      "acc: TestAccIAMPolicyDocumentDataSource_version20081017 (resources)",
			cfg:         stmt2008(StatementConfig{Resources: []string{"arn:aws:s3:::foo/home/&{aws:username}"}}),
			wantErr:     ErrPolicyVariable,
			wantMsg:     "reading resources: found &{ sequence in (arn:aws:s3:::foo/home/&{aws:username}), which is not supported in document version 2008-10-17",
			wantPattern: variablePattern,
		},
	}
}

func TestRender_Idempotent(t *testing.T) {
	t.Parallel()

	// Rendering sorts principal identifier lists in place (as the provider does); a second
	// rendering of the same document must give the same strings.
	doc, err := BuildDocument(multiplePrincipalsConfig("aws"))
	require.NoError(t, err)
	json1, min1, err := Render(doc)
	require.NoError(t, err)
	json2, min2, err := Render(doc)
	require.NoError(t, err)
	require.Equal(t, json1, json2)
	require.Equal(t, min1, min2)
}

func TestParseDocument_RoundTrip(t *testing.T) {
	t.Parallel()

	// A rendered document read back as a source renders identically: chaining data sources
	// through source_policy_documents does not change a policy.
	first := computeJSON(t, accBasicConfig())
	second := computeJSON(t, Config{SourcePolicyDocuments: []string{first}})
	require.Equal(t, first, second)
}
