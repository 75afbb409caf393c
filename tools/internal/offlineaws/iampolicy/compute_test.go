package iampolicy

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Sources named in the tables below:
//   - "acc: X" is the provider's acceptance test X in internal/service/iam/
//     policy_document_data_source_test.go (hashicorp/terraform-provider-aws, 5.x/6.x), with
//     data.aws_partition.current.partition = "aws". Where that test compares with
//     acctest.CheckResourceAttrEquivalentJSON (order of list elements significant, layout and
//     key order not), the expected string here is the exact rendering (keys sorted, two-space
//     indent) of the same document.
//   - "docs: X" is the example titled X on website/docs/d/iam_policy_document.html.markdown.
//     The page's outputs still show "Sid": "" lines, which the provider stopped rendering in
//     v5.0.0 (CHANGELOG: "Don't add empty statement.sid values to json attribute value",
//     #28539); the expected strings here leave them out. Examples without an output on the
//     page are derived from the provider's rules (policy_model.go).
//   - "model: X" is a case derived from the provider's code (policy_model.go,
//     policy_document_data_source.go) for behaviour no test or example shows.
//   - "repo: X" is a policy document of this repository's terraform, rendered per the model.
//
// Every expected string of these tables (json, and through it id), and every error message
// except those marked goTypeNames or crash, equals what the real provider renders:
// TestRealProviderParity runs all of them through hashicorp/aws 5.100.0 with terraform when
// asked to (see its comment).

// computeJSON renders a configuration, failing the test on error.
func computeJSON(t *testing.T, cfg Config) string {
	t.Helper()
	res, err := Compute(cfg)
	require.NoError(t, err)
	return res.JSON
}

// accBasicConfig is the configuration of acc: TestAccIAMPolicyDocumentDataSource_basic.
func accBasicConfig() Config {
	return Config{
		PolicyID: "policy_id",
		Statements: []StatementConfig{
			{
				Sid:       "1",
				Actions:   []string{"s3:ListAllMyBuckets", "s3:GetBucketLocation"},
				Resources: []string{"arn:aws:s3:::*"},
			},
			{
				Actions:   []string{"s3:ListBucket"},
				Resources: []string{"arn:aws:s3:::foo"},
				Conditions: []ConditionConfig{{
					Test: "StringLike", Variable: "s3:prefix",
					Values: []string{"home/", "", "home/&{aws:username}/"},
				}},
				NotPrincipals: []PrincipalConfig{{Type: "AWS", Identifiers: []string{"arn:blahblah:example"}}},
			},
			{
				Actions: []string{"s3:*"},
				Resources: []string{
					"arn:aws:s3:::foo/home/&{aws:username}",
					"arn:aws:s3:::foo/home/&{aws:username}/*",
				},
				Principals: []PrincipalConfig{{Type: "AWS", Identifiers: []string{"arn:blahblah:example"}}},
			},
			{
				Effect:       "Deny",
				NotActions:   []string{"s3:*"},
				NotResources: []string{"arn:aws:s3:::*"},
			},
			{
				Effect:     "Allow",
				Actions:    []string{"kinesis:*"},
				Principals: []PrincipalConfig{{Type: "AWS", Identifiers: []string{"*"}}},
			},
			{
				Effect:     "Allow",
				Actions:    []string{"firehose:*"},
				Principals: []PrincipalConfig{{Type: "*", Identifiers: []string{"*"}}},
			},
		},
	}
}

// accBasicJSON is the expected json of acc: TestAccIAMPolicyDocumentDataSource_basic.
const accBasicJSON = `{
  "Version": "2012-10-17",
  "Id": "policy_id",
  "Statement": [
    {
      "Sid": "1",
      "Effect": "Allow",
      "Action": [
        "s3:ListAllMyBuckets",
        "s3:GetBucketLocation"
      ],
      "Resource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::foo",
      "NotPrincipal": {
        "AWS": "arn:blahblah:example"
      },
      "Condition": {
        "StringLike": {
          "s3:prefix": [
            "home/",
            "",
            "home/${aws:username}/"
          ]
        }
      }
    },
    {
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": [
        "arn:aws:s3:::foo/home/${aws:username}/*",
        "arn:aws:s3:::foo/home/${aws:username}"
      ],
      "Principal": {
        "AWS": "arn:blahblah:example"
      }
    },
    {
      "Effect": "Deny",
      "NotAction": "s3:*",
      "NotResource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "kinesis:*",
      "Principal": {
        "AWS": "*"
      }
    },
    {
      "Effect": "Allow",
      "Action": "firehose:*",
      "Principal": "*"
    }
  ]
}`

// renderCase is a configuration and the json the provider renders for it.
type renderCase struct {
	name   string
	source string
	// cfg builds the configuration; t renders upstream documents with computeJSON.
	cfg  func(t *testing.T) Config
	want string
}

// runRenderCases checks Compute against each case's json and id.
func runRenderCases(t *testing.T, cases []renderCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, err := Compute(tt.cfg(t))
			require.NoError(t, err, tt.source)
			require.Equal(t, tt.want, res.JSON, tt.source)
			require.Equal(t, ID(tt.want), res.ID, tt.source)
		})
	}
}

func TestCompute_ProviderAcceptanceTests(t *testing.T) {
	t.Parallel()
	runRenderCases(t, acceptanceCases())
}

// acceptanceCases are the provider's acceptance tests that render a document.
func acceptanceCases() []renderCase {
	// Upstream data sources some tests reference (their json feeds source/override lists).
	policyA := func(sid2 string) Config {
		return Config{Statements: []StatementConfig{
			{Sid: "", Effect: "Allow", Actions: []string{"foo:ActionOne"}},
			{Sid: sid2, Effect: "Allow", Actions: []string{"bar:ActionOne"}},
		}}
	}
	policyB := func(sid string) Config {
		return Config{Statements: []StatementConfig{{Sid: sid, Effect: "Deny", Actions: []string{"foo:ActionTwo"}}}}
	}

	return []renderCase{
		{
			name:   "Basic",
			source: "acc: TestAccIAMPolicyDocumentDataSource_basic",
			cfg:    func(*testing.T) Config { return accBasicConfig() },
			want:   accBasicJSON,
		},
		{
			name:   "SingleConditionValue",
			source: "acc: TestAccIAMPolicyDocumentDataSource_singleConditionValue",
			cfg: func(*testing.T) Config {
				return Config{Statements: []StatementConfig{{
					Effect:     "Deny",
					Principals: []PrincipalConfig{{Type: "AWS", Identifiers: []string{"*"}}},
					Actions:    []string{"elasticfilesystem:*"},
					Resources:  []string{"*"},
					Conditions: []ConditionConfig{{Test: "Bool", Variable: "aws:SecureTransport", Values: []string{"false"}}},
				}}}
			},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "elasticfilesystem:*",
      "Resource": "*",
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
			name:   "MultipleConditionKeys",
			source: "acc: TestAccIAMPolicyDocumentDataSource_multipleConditionKeys (equivalent JSON; keys rendered sorted)",
			cfg: func(*testing.T) Config {
				return Config{Statements: []StatementConfig{{
					Sid:        "AWSCloudTrailWrite20150319",
					Effect:     "Allow",
					Principals: []PrincipalConfig{{Type: "Service", Identifiers: []string{"cloudtrail.amazonaws.com"}}},
					Actions:    []string{"s3:PutObject"},
					Resources:  []string{"*"},
					Conditions: []ConditionConfig{
						{Test: "StringEquals", Variable: "s3:x-amz-acl", Values: []string{"bucket-owner-full-control"}},
						{Test: "StringEquals", Variable: "aws:SourceArn", Values: []string{"some-other-value"}},
					},
				}}}
			},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AWSCloudTrailWrite20150319",
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": "*",
      "Principal": {
        "Service": "cloudtrail.amazonaws.com"
      },
      "Condition": {
        "StringEquals": {
          "aws:SourceArn": "some-other-value",
          "s3:x-amz-acl": "bucket-owner-full-control"
        }
      }
    }
  ]
}`,
		},
		{
			name:   "DuplicateConditionKeys",
			source: "acc: TestAccIAMPolicyDocumentDataSource_duplicateConditionKeys (equivalent JSON, value order significant)",
			cfg: func(*testing.T) Config {
				return Config{Statements: []StatementConfig{{
					Sid:        "DuplicateConditionTest",
					Effect:     "Allow",
					Principals: []PrincipalConfig{{Type: "Service", Identifiers: []string{"cloudtrail.amazonaws.com"}}},
					Actions:    []string{"s3:PutObject"},
					Resources:  []string{"*"},
					Conditions: []ConditionConfig{
						{Test: "StringEquals", Variable: "s3:prefix", Values: []string{"one/", "two/"}},
						{Test: "StringEquals", Variable: "s3:prefix", Values: []string{"three/"}},
					},
				}}}
			},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DuplicateConditionTest",
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": "*",
      "Principal": {
        "Service": "cloudtrail.amazonaws.com"
      },
      "Condition": {
        "StringEquals": {
          "s3:prefix": [
            "one/",
            "two/",
            "three/"
          ]
        }
      }
    }
  ]
}`,
		},
		{
			name:   "ConditionWithBoolValue",
			source: "acc: TestAccIAMPolicyDocumentDataSource_conditionWithBoolValue (equivalent JSON)",
			cfg: func(*testing.T) Config {
				return Config{SourcePolicyDocuments: []string{`{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "RestrictAccessToSpecialTag",
            "Effect": "Deny",
            "Action": [
                "ec2:CreateTags",
                "ec2:DeleteTags"
            ],
            "Resource": "arn:aws:ec2:*:*:vpc/*",
            "Condition": {
                "Null": {
                    "aws:ResourceTag/SpecialTag": false
                },
                "StringLike": {
                    "aws:ResourceAccount": [
                        "123456"
                    ],
                    "aws:PrincipalArn": "arn:aws:iam::*:role/AWSAFTExecution"
                }
            }
        }
    ]
}
`}}
			},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "RestrictAccessToSpecialTag",
      "Effect": "Deny",
      "Action": [
        "ec2:CreateTags",
        "ec2:DeleteTags"
      ],
      "Resource": "arn:aws:ec2:*:*:vpc/*",
      "Condition": {
        "Null": {
          "aws:ResourceTag/SpecialTag": "false"
        },
        "StringLike": {
          "aws:PrincipalArn": "arn:aws:iam::*:role/AWSAFTExecution",
          "aws:ResourceAccount": "123456"
        }
      }
    }
  ]
}`,
		},
		{
			name:   "Source",
			source: "acc: TestAccIAMPolicyDocumentDataSource_source (step 1)",
			cfg: func(t *testing.T) Config {
				upstream := accBasicConfig()
				// This step's upstream differs from _basic: two AWS identifiers in statement 3,
				// and no empty condition value.
				upstream.Statements[1].Conditions[0].Values = []string{"home/", "home/&{aws:username}/"}
				upstream.Statements[2].Principals[0].Identifiers = []string{"arn:blahblah:example", "arn:blahblahblah:example"}
				return Config{
					SourcePolicyDocuments: []string{computeJSON(t, upstream)},
					Statements:            []StatementConfig{{Sid: "SourceJSONTest1", Actions: []string{"*"}, Resources: []string{"*"}}},
				}
			},
			want: `{
  "Version": "2012-10-17",
  "Id": "policy_id",
  "Statement": [
    {
      "Sid": "1",
      "Effect": "Allow",
      "Action": [
        "s3:ListAllMyBuckets",
        "s3:GetBucketLocation"
      ],
      "Resource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::foo",
      "NotPrincipal": {
        "AWS": "arn:blahblah:example"
      },
      "Condition": {
        "StringLike": {
          "s3:prefix": [
            "home/",
            "home/${aws:username}/"
          ]
        }
      }
    },
    {
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": [
        "arn:aws:s3:::foo/home/${aws:username}/*",
        "arn:aws:s3:::foo/home/${aws:username}"
      ],
      "Principal": {
        "AWS": [
          "arn:blahblahblah:example",
          "arn:blahblah:example"
        ]
      }
    },
    {
      "Effect": "Deny",
      "NotAction": "s3:*",
      "NotResource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "kinesis:*",
      "Principal": {
        "AWS": "*"
      }
    },
    {
      "Effect": "Allow",
      "Action": "firehose:*",
      "Principal": "*"
    },
    {
      "Sid": "SourceJSONTest1",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}`,
		},
		{
			name:   "SourceBlank",
			source: "acc: TestAccIAMPolicyDocumentDataSource_source (step 2: source_policy_documents = [\"\"])",
			cfg: func(*testing.T) Config {
				return Config{
					SourcePolicyDocuments: []string{""},
					Statements:            []StatementConfig{{Sid: "SourceJSONTest2", Actions: []string{"*"}, Resources: []string{"*"}}},
				}
			},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "SourceJSONTest2",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}`,
		},
		{
			name:   "SourceList",
			source: "acc: TestAccIAMPolicyDocumentDataSource_sourceList",
			cfg: func(t *testing.T) Config {
				policyC := Config{Statements: []StatementConfig{{Sid: "", Effect: "Allow", Actions: []string{"bar:ActionTwo"}}}}
				return Config{
					Version: "2012-10-17",
					SourcePolicyDocuments: []string{
						computeJSON(t, policyA("validSidOne")), computeJSON(t, policyB("validSidTwo")), computeJSON(t, policyC),
					},
				}
			},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "foo:ActionOne"
    },
    {
      "Sid": "validSidOne",
      "Effect": "Allow",
      "Action": "bar:ActionOne"
    },
    {
      "Sid": "validSidTwo",
      "Effect": "Deny",
      "Action": "foo:ActionTwo"
    },
    {
      "Effect": "Allow",
      "Action": "bar:ActionTwo"
    }
  ]
}`,
		},
		{
			name:   "SourceConflicting",
			source: "acc: TestAccIAMPolicyDocumentDataSource_sourceConflicting",
			cfg: func(t *testing.T) Config {
				upstream := Config{Statements: []StatementConfig{{Sid: "SourceJSONTestConflicting", Actions: []string{"iam:*"}, Resources: []string{"*"}}}}
				return Config{
					SourcePolicyDocuments: []string{computeJSON(t, upstream)},
					Statements:            []StatementConfig{{Sid: "SourceJSONTestConflicting", Actions: []string{"*"}, Resources: []string{"*"}}},
				}
			},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "SourceJSONTestConflicting",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}`,
		},
		{
			name:   "Override",
			source: "acc: TestAccIAMPolicyDocumentDataSource_override",
			cfg: func(t *testing.T) Config {
				override := Config{Statements: []StatementConfig{{Sid: "SidToOverwrite", Actions: []string{"s3:*"}, Resources: []string{"*"}}}}
				return Config{
					OverridePolicyDocuments: []string{computeJSON(t, override)},
					Statements: []StatementConfig{
						{Actions: []string{"ec2:*"}, Resources: []string{"*"}},
						{Sid: "SidToOverwrite", Actions: []string{"s3:*"}, Resources: []string{"arn:aws:s3:::somebucket", "arn:aws:s3:::somebucket/*"}},
					},
				}
			},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:*",
      "Resource": "*"
    },
    {
      "Sid": "SidToOverwrite",
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": "*"
    }
  ]
}`,
		},
		{
			name:   "OverrideList",
			source: "acc: TestAccIAMPolicyDocumentDataSource_overrideList",
			cfg: func(t *testing.T) Config {
				policyC := Config{Statements: []StatementConfig{{Sid: "overrideSid", Effect: "Deny", Actions: []string{"bar:ActionOne"}}}}
				return Config{
					Version: "2012-10-17",
					OverridePolicyDocuments: []string{
						computeJSON(t, policyA("overrideSid")), computeJSON(t, policyB("validSid")), computeJSON(t, policyC),
					},
				}
			},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "foo:ActionOne"
    },
    {
      "Sid": "overrideSid",
      "Effect": "Deny",
      "Action": "bar:ActionOne"
    },
    {
      "Sid": "validSid",
      "Effect": "Deny",
      "Action": "foo:ActionTwo"
    }
  ]
}`,
		},
		{
			name:   "NoStatementMerge",
			source: "acc: TestAccIAMPolicyDocumentDataSource_noStatementMerge",
			cfg: func(t *testing.T) Config {
				source := Config{Statements: []StatementConfig{{Actions: []string{"ec2:DescribeAccountAttributes"}, Resources: []string{"*"}}}}
				override := Config{Statements: []StatementConfig{{Sid: "OverridePlaceholder", Actions: []string{"s3:GetObject"}, Resources: []string{"*"}}}}
				return Config{
					SourcePolicyDocuments:   []string{computeJSON(t, source)},
					OverridePolicyDocuments: []string{computeJSON(t, override)},
				}
			},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:DescribeAccountAttributes",
      "Resource": "*"
    },
    {
      "Sid": "OverridePlaceholder",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "*"
    }
  ]
}`,
		},
		{
			name:   "NoStatementOverride",
			source: "acc: TestAccIAMPolicyDocumentDataSource_noStatementOverride",
			cfg: func(t *testing.T) Config {
				source := Config{Statements: []StatementConfig{{Sid: "OverridePlaceholder", Actions: []string{"ec2:DescribeAccountAttributes"}, Resources: []string{"*"}}}}
				override := Config{Statements: []StatementConfig{{Sid: "OverridePlaceholder", Actions: []string{"s3:GetObject"}, Resources: []string{"*"}}}}
				return Config{
					SourcePolicyDocuments:   []string{computeJSON(t, source)},
					OverridePolicyDocuments: []string{computeJSON(t, override)},
				}
			},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OverridePlaceholder",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "*"
    }
  ]
}`,
		},
		{
			name:   "DuplicateBlankSid",
			source: "acc: TestAccIAMPolicyDocumentDataSource_duplicateSid (step 2)",
			cfg: func(*testing.T) Config {
				return Config{Statements: []StatementConfig{
					{Sid: "", Effect: "Allow", Actions: []string{"ec2:DescribeAccountAttributes"}, Resources: []string{"*"}},
					{Sid: "", Effect: "Allow", Actions: []string{"s3:GetObject"}, Resources: []string{"*"}},
				}}
			},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:DescribeAccountAttributes",
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "*"
    }
  ]
}`,
		},
		{
			name:   "SourceEmptyString",
			source: "acc: TestAccIAMPolicyDocumentDataSource_sourcePolicyValidJSON (step 2)",
			cfg:    func(*testing.T) Config { return Config{SourcePolicyDocuments: []string{""}} },
			want: `{
  "Version": "2012-10-17"
}`,
		},
		{
			name:   "OverrideEmptyString",
			source: "acc: TestAccIAMPolicyDocumentDataSource_overridePolicyDocumentValidJSON (step 2)",
			cfg:    func(*testing.T) Config { return Config{OverridePolicyDocuments: []string{""}} },
			want: `{
  "Version": "2012-10-17"
}`,
		},
		{
			name:   "SourceDocumentAndEmptyVariable",
			source: "acc: TestAccIAMPolicyDocumentDataSource_overridePolicyDocumentValidJSON (step 3, no check there; rendering per model)",
			cfg: func(t *testing.T) Config {
				partial := Config{Statements: []StatementConfig{{
					Actions:    []string{"sts:AssumeRole"},
					Principals: []PrincipalConfig{{Type: "Service", Identifiers: []string{"ec2.amazonaws.com"}}},
				}}}
				return Config{SourcePolicyDocuments: []string{computeJSON(t, partial), ""}}
			},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": {
        "Service": "ec2.amazonaws.com"
      }
    }
  ]
}`,
		},
		{
			name:   "PrincipalIdentifiersStringAndSlice",
			source: "acc: TestAccIAMPolicyDocumentDataSource_StatementPrincipalIdentifiers_stringAndSlice",
			cfg: func(*testing.T) Config {
				return Config{Statements: []StatementConfig{{
					Actions: []string{"*"}, Resources: []string{"*"}, Sid: "StatementPrincipalIdentifiersStringAndSlice",
					Principals: []PrincipalConfig{
						{Type: "AWS", Identifiers: []string{"arn:aws:iam::111111111111:root"}},
						{Type: "AWS", Identifiers: []string{"arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root"}},
					},
				}}}
			},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "StatementPrincipalIdentifiersStringAndSlice",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*",
      "Principal": {
        "AWS": [
          "arn:aws:iam::111111111111:root",
          "arn:aws:iam::333333333333:root",
          "arn:aws:iam::222222222222:root"
        ]
      }
    }
  ]
}`,
		},
		{
			name:   "PrincipalIdentifiersMultiplePrincipals",
			source: "acc: TestAccIAMPolicyDocumentDataSource_StatementPrincipalIdentifiers_multiplePrincipals",
			cfg:    func(*testing.T) Config { return multiplePrincipalsConfig("aws") },
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "StatementPrincipalIdentifiersStringAndSlice",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*",
      "Principal": {
        "AWS": [
          "arn:aws:iam::333333333333:root",
          "arn:aws:iam::444444444444:root",
          "arn:aws:iam::222222222222:root",
          "arn:aws:iam::111111111111:root"
        ]
      }
    }
  ]
}`,
		},
		{
			name:   "PrincipalIdentifiersMultiplePrincipalsGov",
			source: "acc: TestAccIAMPolicyDocumentDataSource_StatementPrincipalIdentifiers_multiplePrincipalsGov (partition aws-us-gov)",
			cfg:    func(*testing.T) Config { return multiplePrincipalsConfig("aws-us-gov") },
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "StatementPrincipalIdentifiersStringAndSlice",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*",
      "Principal": {
        "AWS": [
          "arn:aws-us-gov:iam::333333333333:root",
          "arn:aws-us-gov:iam::222222222222:root",
          "arn:aws-us-gov:iam::111111111111:root",
          "arn:aws-us-gov:iam::444444444444:root"
        ]
      }
    }
  ]
}`,
		},
		{
			name:   "Version20081017",
			source: "acc: TestAccIAMPolicyDocumentDataSource_version20081017 (last step)",
			cfg: func(*testing.T) Config {
				return Config{Version: "2008-10-17", Statements: []StatementConfig{{Actions: []string{"ec2:*"}, Resources: []string{"*"}}}}
			},
			want: `{
  "Version": "2008-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:*",
      "Resource": "*"
    }
  ]
}`,
		},
	}
}

// multiplePrincipalsConfig is the configuration of acc:
// TestAccIAMPolicyDocumentDataSource_StatementPrincipalIdentifiers_multiplePrincipals in a
// partition; the expected order of the identifiers differs between partitions because it
// follows terraform-plugin-sdk's set hash order of the three principals blocks.
func multiplePrincipalsConfig(partition string) Config {
	arn := func(account string) string { return "arn:" + partition + ":iam::" + account + ":root" }
	return Config{Statements: []StatementConfig{{
		Actions: []string{"*"}, Resources: []string{"*"}, Sid: "StatementPrincipalIdentifiersStringAndSlice",
		Principals: []PrincipalConfig{
			{Type: "AWS", Identifiers: []string{arn("111111111111"), arn("222222222222")}},
			{Type: "AWS", Identifiers: []string{arn("333333333333")}},
			{Type: "AWS", Identifiers: []string{arn("444444444444")}},
		},
	}}}
}

func TestCompute_MinifiedJSON(t *testing.T) {
	t.Parallel()

	// Source: acc: TestAccIAMPolicyDocumentDataSource_basic (testAccPolicyDocumentExpectedJSONMinified).
	res, err := Compute(accBasicConfig())
	require.NoError(t, err)
	require.Equal(t, `{"Version":"2012-10-17","Id":"policy_id","Statement":[{"Sid":"1","Effect":"Allow","Action":["s3:ListAllMyBuckets","s3:GetBucketLocation"],"Resource":"arn:aws:s3:::*"},{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::foo","NotPrincipal":{"AWS":"arn:blahblah:example"},"Condition":{"StringLike":{"s3:prefix":["home/","","home/${aws:username}/"]}}},{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::foo/home/${aws:username}/*","arn:aws:s3:::foo/home/${aws:username}"],"Principal":{"AWS":"arn:blahblah:example"}},{"Effect":"Deny","NotAction":"s3:*","NotResource":"arn:aws:s3:::*"},{"Effect":"Allow","Action":"kinesis:*","Principal":{"AWS":"*"}},{"Effect":"Allow","Action":"firehose:*","Principal":"*"}]}`,
		res.MinifiedJSON)
}

func TestID(t *testing.T) {
	t.Parallel()

	// The provider's id is create.StringHashcode(json): the CRC-32 (IEEE) of the indented
	// JSON in decimal. Expected values computed independently with Python's zlib.crc32.
	tests := []struct {
		name string
		json string
		want string
	}{
		{name: "EmptyDocument", json: "{\n  \"Version\": \"2012-10-17\"\n}", want: "1132004489"},
		{name: "AcceptanceBasic", json: accBasicJSON, want: "1603188719"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, ID(tt.json))
		})
	}
}
