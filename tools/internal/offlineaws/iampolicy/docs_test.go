package iampolicy

import "testing"

func TestCompute_DocumentationExamples(t *testing.T) {
	t.Parallel()
	runRenderCases(t, documentationCases())
}

// documentationCases are the examples of the data source's documentation page.
func documentationCases() []renderCase {
	return []renderCase{
		{
			name:   "BasicExample",
			source: `docs: "Basic Example" (no output on the page; var.s3_bucket_name = "example-bucket")`,
			cfg: func(*testing.T) Config {
				return Config{Statements: []StatementConfig{
					{
						Sid:       "1",
						Actions:   []string{"s3:ListAllMyBuckets", "s3:GetBucketLocation"},
						Resources: []string{"arn:aws:s3:::*"},
					},
					{
						Actions:   []string{"s3:ListBucket"},
						Resources: []string{"arn:aws:s3:::example-bucket"},
						Conditions: []ConditionConfig{{
							Test: "StringLike", Variable: "s3:prefix",
							Values: []string{"", "home/", "home/&{aws:username}/"},
						}},
					},
					{
						Actions: []string{"s3:*"},
						Resources: []string{
							"arn:aws:s3:::example-bucket/home/&{aws:username}",
							"arn:aws:s3:::example-bucket/home/&{aws:username}/*",
						},
					},
				}}
			},
			want: `{
  "Version": "2012-10-17",
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
      "Resource": "arn:aws:s3:::example-bucket",
      "Condition": {
        "StringLike": {
          "s3:prefix": [
            "",
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
        "arn:aws:s3:::example-bucket/home/${aws:username}/*",
        "arn:aws:s3:::example-bucket/home/${aws:username}"
      ]
    }
  ]
}`,
		},
		{
			name:   "MultipleConditionKeys",
			source: `docs: "Example Multiple Condition Keys"`,
			cfg: func(*testing.T) Config {
				return Config{Statements: []StatementConfig{{
					Actions:   []string{"kms:Decrypt", "kms:GenerateDataKey"},
					Resources: []string{"*"},
					Conditions: []ConditionConfig{
						{Test: "ForAnyValue:StringEquals", Variable: "kms:EncryptionContext:service", Values: []string{"pi"}},
						{Test: "ForAnyValue:StringEquals", Variable: "kms:EncryptionContext:aws:pi:service", Values: []string{"rds"}},
					},
				}}}
			},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "kms:GenerateDataKey",
        "kms:Decrypt"
      ],
      "Resource": "*",
      "Condition": {
        "ForAnyValue:StringEquals": {
          "kms:EncryptionContext:aws:pi:service": "rds",
          "kms:EncryptionContext:service": "pi"
        }
      }
    }
  ]
}`,
		},
		{
			name: "AssumeRoleWithMultiplePrincipals",
			source: `docs: "Example Assume-Role Policy with Multiple Principals" (no output on the page; ` +
				`var.trusted_role_arn = arn:aws:iam::123456789012:role/trusted, var.account_id = 123456789012, var.provider_name = example)`,
			cfg: func(*testing.T) Config {
				return Config{Statements: []StatementConfig{{
					Actions: []string{"sts:AssumeRole"},
					Principals: []PrincipalConfig{
						{Type: "Service", Identifiers: []string{"firehose.amazonaws.com"}},
						{Type: "AWS", Identifiers: []string{"arn:aws:iam::123456789012:role/trusted"}},
						{Type: "Federated", Identifiers: []string{"arn:aws:iam::123456789012:saml-provider/example", "cognito-identity.amazonaws.com"}},
					},
				}}}
			},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": {
        "AWS": "arn:aws:iam::123456789012:role/trusted",
        "Federated": [
          "cognito-identity.amazonaws.com",
          "arn:aws:iam::123456789012:saml-provider/example"
        ],
        "Service": "firehose.amazonaws.com"
      }
    }
  ]
}`,
		},
		{
			name:   "UsingASourceDocument",
			source: `docs: "Example Using A Source Document"`,
			cfg: func(t *testing.T) Config {
				source := Config{Statements: []StatementConfig{
					{Actions: []string{"ec2:*"}, Resources: []string{"*"}},
					{Sid: "SidToOverride", Actions: []string{"s3:*"}, Resources: []string{"*"}},
				}}
				return Config{
					SourcePolicyDocuments: []string{computeJSON(t, source)},
					Statements: []StatementConfig{{
						Sid: "SidToOverride", Actions: []string{"s3:*"},
						Resources: []string{"arn:aws:s3:::somebucket", "arn:aws:s3:::somebucket/*"},
					}},
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
      "Sid": "SidToOverride",
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": [
        "arn:aws:s3:::somebucket/*",
        "arn:aws:s3:::somebucket"
      ]
    }
  ]
}`,
		},
		{
			name:   "UsingAnOverrideDocument",
			source: `docs: "Example Using An Override Document"`,
			cfg: func(t *testing.T) Config {
				override := Config{Statements: []StatementConfig{{Sid: "SidToOverride", Actions: []string{"s3:*"}, Resources: []string{"*"}}}}
				return Config{
					OverridePolicyDocuments: []string{computeJSON(t, override)},
					Statements: []StatementConfig{
						{Actions: []string{"ec2:*"}, Resources: []string{"*"}},
						{Sid: "SidToOverride", Actions: []string{"s3:*"}, Resources: []string{"arn:aws:s3:::somebucket", "arn:aws:s3:::somebucket/*"}},
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
      "Sid": "SidToOverride",
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": "*"
    }
  ]
}`,
		},
		{
			name:   "BothSourceAndOverrideDocuments",
			source: `docs: "Example with Both Source and Override Documents"`,
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
			name:   "MergingSourceDocuments",
			source: `docs: "Example of Merging Source Documents"`,
			cfg: func(t *testing.T) Config {
				one := Config{Statements: []StatementConfig{
					{Actions: []string{"ec2:*"}, Resources: []string{"*"}},
					{Sid: "UniqueSidOne", Actions: []string{"s3:*"}, Resources: []string{"*"}},
				}}
				two := Config{Statements: []StatementConfig{
					{Sid: "UniqueSidTwo", Actions: []string{"iam:*"}, Resources: []string{"*"}},
					{Actions: []string{"lambda:*"}, Resources: []string{"*"}},
				}}
				return Config{SourcePolicyDocuments: []string{computeJSON(t, one), computeJSON(t, two)}}
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
      "Sid": "UniqueSidOne",
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": "*"
    },
    {
      "Sid": "UniqueSidTwo",
      "Effect": "Allow",
      "Action": "iam:*",
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "Action": "lambda:*",
      "Resource": "*"
    }
  ]
}`,
		},
		{
			// The page's output for this example spells the Sids "OverridePlaceholder..." while
			// the configuration says "OverridePlaceHolder...", and ends the list with a comma;
			// the statements and their order are the ones the page shows.
			name:   "MergingOverrideDocuments",
			source: `docs: "Example of Merging Override Documents" (page output has typos, see comment)`,
			cfg: func(t *testing.T) Config {
				one := Config{Statements: []StatementConfig{{Sid: "OverridePlaceHolderOne", Effect: "Allow", Actions: []string{"s3:*"}, Resources: []string{"*"}}}}
				two := Config{Statements: []StatementConfig{
					{Effect: "Allow", Actions: []string{"ec2:*"}, Resources: []string{"*"}},
					{Sid: "OverridePlaceHolderTwo", Effect: "Allow", Actions: []string{"iam:*"}, Resources: []string{"*"}},
				}}
				three := Config{Statements: []StatementConfig{{Sid: "OverridePlaceHolderOne", Effect: "Deny", Actions: []string{"logs:*"}, Resources: []string{"*"}}}}
				return Config{
					OverridePolicyDocuments: []string{computeJSON(t, one), computeJSON(t, two), computeJSON(t, three)},
					Statements:              []StatementConfig{{Sid: "OverridePlaceHolderTwo", Effect: "Deny", Actions: []string{"*"}, Resources: []string{"*"}}},
				}
			},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OverridePlaceHolderTwo",
      "Effect": "Allow",
      "Action": "iam:*",
      "Resource": "*"
    },
    {
      "Sid": "OverridePlaceHolderOne",
      "Effect": "Deny",
      "Action": "logs:*",
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "Action": "ec2:*",
      "Resource": "*"
    }
  ]
}`,
		},
		{
			name:   "WildcardPrincipal",
			source: `docs: "principals and not_principals" NOTE (type "*" renders "Principal": "*", type "AWS" renders {"AWS": "*"})`,
			cfg: func(*testing.T) Config {
				return Config{Statements: []StatementConfig{
					{Actions: []string{"s3:GetObject"}, Resources: []string{"*"}, Principals: []PrincipalConfig{{Type: "*", Identifiers: []string{"*"}}}},
					{Actions: []string{"sts:AssumeRole"}, Principals: []PrincipalConfig{{Type: "AWS", Identifiers: []string{"*"}}}},
				}}
			},
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "*",
      "Principal": "*"
    },
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": {
        "AWS": "*"
      }
    }
  ]
}`,
		},
	}
}
