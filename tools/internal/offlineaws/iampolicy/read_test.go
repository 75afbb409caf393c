package iampolicy

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/require"
)

// The data source's schema as terraform types it (hashicorp/aws 6.45.0 through
// @cdktn/provider-aws 24.1.0, lib/data-aws-iam-policy-document/index.js): statement is a list
// block; principals, not_principals and condition are set blocks; actions, not_actions,
// resources, not_resources and identifiers are sets of strings; values and the two document
// lists are lists of strings.
var (
	stringSet  = tftypes.Set{ElementType: tftypes.String}
	stringList = tftypes.List{ElementType: tftypes.String}
	principalT = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"identifiers": stringSet,
		"type":        tftypes.String,
	}}
	conditionT = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"test":     tftypes.String,
		"values":   stringList,
		"variable": tftypes.String,
	}}
	statementT = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"actions":        stringSet,
		"condition":      tftypes.Set{ElementType: conditionT},
		"effect":         tftypes.String,
		"not_actions":    stringSet,
		"not_principals": tftypes.Set{ElementType: principalT},
		"not_resources":  stringSet,
		"principals":     tftypes.Set{ElementType: principalT},
		"resources":      stringSet,
		"sid":            tftypes.String,
	}}
	dataSourceT = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"id":                        tftypes.String,
		"json":                      tftypes.String,
		"minified_json":             tftypes.String,
		"override_json":             tftypes.String,
		"override_policy_documents": stringList,
		"policy_id":                 tftypes.String,
		"source_json":               tftypes.String,
		"source_policy_documents":   stringList,
		"statement":                 tftypes.List{ElementType: statementT},
		"version":                   tftypes.String,
	}}
)

func str(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

func nullOf(t tftypes.Type) tftypes.Value { return tftypes.NewValue(t, nil) }

func strs(t tftypes.Type, ss ...string) tftypes.Value {
	vals := make([]tftypes.Value, len(ss))
	for i, s := range ss {
		vals[i] = str(s)
	}
	return tftypes.NewValue(t, vals)
}

// statementValue builds a statement block value; fields not given are null (sets of blocks
// are empty, as terraform sends absent blocks).
func statementValue(fields map[string]tftypes.Value) tftypes.Value {
	vals := map[string]tftypes.Value{}
	for name, typ := range statementT.AttributeTypes {
		if v, ok := fields[name]; ok {
			vals[name] = v
			continue
		}
		switch typ.(type) {
		case tftypes.Set:
			if name == "condition" || name == "principals" || name == "not_principals" {
				vals[name] = tftypes.NewValue(typ, []tftypes.Value{})
				continue
			}
		}
		vals[name] = nullOf(typ)
	}
	return tftypes.NewValue(statementT, vals)
}

func principalValue(typ string, ids ...string) tftypes.Value {
	return tftypes.NewValue(principalT, map[string]tftypes.Value{"type": str(typ), "identifiers": strs(stringSet, ids...)})
}

// configValue builds a data source config; attributes not given are null, json,
// minified_json and id are null as in a config.
func configValue(attrs map[string]tftypes.Value, statements ...tftypes.Value) tftypes.Value {
	vals := map[string]tftypes.Value{}
	for name, typ := range dataSourceT.AttributeTypes {
		vals[name] = nullOf(typ)
	}
	for name, v := range attrs {
		vals[name] = v
	}
	vals["statement"] = tftypes.NewValue(dataSourceT.AttributeTypes["statement"], statements)
	return tftypes.NewValue(dataSourceT, vals)
}

func attr(t *testing.T, obj tftypes.Value, name string) tftypes.Value {
	t.Helper()
	var m map[string]tftypes.Value
	require.NoError(t, obj.As(&m))
	v, ok := m[name]
	require.True(t, ok, "attribute %s", name)
	return v
}

func attrString(t *testing.T, obj tftypes.Value, name string) string {
	t.Helper()
	var s string
	require.NoError(t, attr(t, obj, name).As(&s))
	return s
}

func TestRead(t *testing.T) {
	t.Parallel()

	// Source: docs: "Example Assume-Role Policy with Multiple Principals", with
	// var.trusted_role_arn = arn:aws:iam::123456789012:role/trusted, var.account_id =
	// 123456789012 and var.provider_name = example; output derived from the provider's rules
	// (principal types are object keys, so sorted; identifiers sorted in reverse).
	config := configValue(nil, statementValue(map[string]tftypes.Value{
		"actions": strs(stringSet, "sts:AssumeRole"),
		"principals": tftypes.NewValue(tftypes.Set{ElementType: principalT}, []tftypes.Value{
			principalValue("Service", "firehose.amazonaws.com"),
			principalValue("AWS", "arn:aws:iam::123456789012:role/trusted"),
			principalValue("Federated", "arn:aws:iam::123456789012:saml-provider/example", "cognito-identity.amazonaws.com"),
		}),
	}))
	want := `{
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
}`

	got, err := Read(config)
	require.NoError(t, err)
	require.True(t, got.Type().Equal(dataSourceT), "state keeps the config's type")
	require.Equal(t, want, attrString(t, got, "json"))
	require.Equal(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::123456789012:role/trusted","Federated":["cognito-identity.amazonaws.com","arn:aws:iam::123456789012:saml-provider/example"],"Service":"firehose.amazonaws.com"}}]}`,
		attrString(t, got, "minified_json"))
	require.Equal(t, ID(want), attrString(t, got, "id"))
	require.Equal(t, "2012-10-17", attrString(t, got, "version"), "schema default")

	var stmts []tftypes.Value
	require.NoError(t, attr(t, got, "statement").As(&stmts))
	require.Len(t, stmts, 1)
	require.Equal(t, "Allow", attrString(t, stmts[0], "effect"), "schema default")
	require.True(t, attr(t, stmts[0], "sid").IsNull(), "unset arguments stay as configured")
	require.True(t, attr(t, got, "policy_id").IsNull(), "unset arguments stay as configured")
}

func TestRead_MatchesCompute(t *testing.T) {
	t.Parallel()

	// Source: acc: TestAccIAMPolicyDocumentDataSource_basic, through the tftypes path.
	cond := tftypes.NewValue(conditionT, map[string]tftypes.Value{
		"test": str("StringLike"), "variable": str("s3:prefix"),
		"values": strs(stringList, "home/", "", "home/&{aws:username}/"),
	})
	config := configValue(map[string]tftypes.Value{"policy_id": str("policy_id")},
		statementValue(map[string]tftypes.Value{
			"sid":       str("1"),
			"actions":   strs(stringSet, "s3:ListAllMyBuckets", "s3:GetBucketLocation"),
			"resources": strs(stringSet, "arn:aws:s3:::*"),
		}),
		statementValue(map[string]tftypes.Value{
			"actions":        strs(stringSet, "s3:ListBucket"),
			"resources":      strs(stringSet, "arn:aws:s3:::foo"),
			"condition":      tftypes.NewValue(tftypes.Set{ElementType: conditionT}, []tftypes.Value{cond}),
			"not_principals": tftypes.NewValue(tftypes.Set{ElementType: principalT}, []tftypes.Value{principalValue("AWS", "arn:blahblah:example")}),
		}),
		statementValue(map[string]tftypes.Value{
			"actions":    strs(stringSet, "s3:*"),
			"resources":  strs(stringSet, "arn:aws:s3:::foo/home/&{aws:username}", "arn:aws:s3:::foo/home/&{aws:username}/*"),
			"principals": tftypes.NewValue(tftypes.Set{ElementType: principalT}, []tftypes.Value{principalValue("AWS", "arn:blahblah:example")}),
		}),
		statementValue(map[string]tftypes.Value{
			"effect":        str("Deny"),
			"not_actions":   strs(stringSet, "s3:*"),
			"not_resources": strs(stringSet, "arn:aws:s3:::*"),
		}),
		statementValue(map[string]tftypes.Value{
			"effect":     str("Allow"),
			"actions":    strs(stringSet, "kinesis:*"),
			"principals": tftypes.NewValue(tftypes.Set{ElementType: principalT}, []tftypes.Value{principalValue("AWS", "*")}),
		}),
		statementValue(map[string]tftypes.Value{
			"effect":     str("Allow"),
			"actions":    strs(stringSet, "firehose:*"),
			"principals": tftypes.NewValue(tftypes.Set{ElementType: principalT}, []tftypes.Value{principalValue("*", "*")}),
		}),
	)

	got, err := Read(config)
	require.NoError(t, err)
	require.Equal(t, accBasicJSON, attrString(t, got, "json"))
}

func TestRead_SetOrderFromTerraformDoesNotMatter(t *testing.T) {
	t.Parallel()

	// terraform sends set elements in its own order; the provider orders them by
	// terraform-plugin-sdk's set hash, so any order gives the same JSON.
	blocks := []tftypes.Value{
		principalValue("AWS", "arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root"),
		principalValue("AWS", "arn:aws:iam::333333333333:root"),
		principalValue("AWS", "arn:aws:iam::444444444444:root"),
	}
	var results []string
	for _, order := range [][]int{{0, 1, 2}, {2, 1, 0}, {1, 2, 0}} {
		set := make([]tftypes.Value, 0, len(order))
		for _, i := range order {
			set = append(set, blocks[i])
		}
		config := configValue(nil, statementValue(map[string]tftypes.Value{
			"actions":    strs(stringSet, "*"),
			"principals": tftypes.NewValue(tftypes.Set{ElementType: principalT}, set),
		}))
		got, err := Read(config)
		require.NoError(t, err)
		results = append(results, attrString(t, got, "json"))
	}
	require.Equal(t, results[0], results[1])
	require.Equal(t, results[0], results[2])
	require.Contains(t, results[0], `"arn:aws:iam::333333333333:root",
          "arn:aws:iam::444444444444:root",
          "arn:aws:iam::222222222222:root",
          "arn:aws:iam::111111111111:root"`)
}

func TestRead_Unknown(t *testing.T) {
	t.Parallel()

	// A resource ARN not known until apply: terraform may send it unknown at plan time.
	config := configValue(nil, statementValue(map[string]tftypes.Value{
		"actions":   strs(stringSet, "s3:GetObject"),
		"resources": tftypes.NewValue(stringSet, []tftypes.Value{tftypes.NewValue(tftypes.String, tftypes.UnknownValue)}),
	}))

	got, err := Read(config)
	require.NoError(t, err)
	for _, name := range []string{"json", "minified_json", "id"} {
		require.False(t, attr(t, got, name).IsKnown(), name)
	}
	require.Equal(t, "2012-10-17", attrString(t, got, "version"))
}

func TestRead_UnknownDocumentList(t *testing.T) {
	t.Parallel()

	config := configValue(map[string]tftypes.Value{
		"source_policy_documents": tftypes.NewValue(stringList, tftypes.UnknownValue),
	})
	got, err := Read(config)
	require.NoError(t, err)
	require.False(t, attr(t, got, "json").IsKnown())
}

func TestRead_TrimmedSchema(t *testing.T) {
	t.Parallel()

	// A schema without the deprecated override_json/source_json, nor id.
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"json":          tftypes.String,
		"minified_json": tftypes.String,
		"version":       tftypes.String,
	}}
	config := tftypes.NewValue(typ, map[string]tftypes.Value{
		"json": nullOf(tftypes.String), "minified_json": nullOf(tftypes.String), "version": str("2008-10-17"),
	})
	got, err := Read(config)
	require.NoError(t, err)
	require.Equal(t, "{\n  \"Version\": \"2008-10-17\"\n}", attrString(t, got, "json"))
	require.Equal(t, `{"Version":"2008-10-17"}`, attrString(t, got, "minified_json"))
}

func TestRead_Errors(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name    string
		config  tftypes.Value
		wantErr error
		wantMsg string
	}{
		{
			name: "DuplicateSid",
			// Source: acc: TestAccIAMPolicyDocumentDataSource_duplicateSid (step 1).
			config: configValue(nil,
				statementValue(map[string]tftypes.Value{"sid": str("1"), "effect": str("Allow"), "actions": strs(stringSet, "ec2:DescribeAccountAttributes"), "resources": strs(stringSet, "*")}),
				statementValue(map[string]tftypes.Value{"sid": str("1"), "effect": str("Allow"), "actions": strs(stringSet, "s3:GetObject"), "resources": strs(stringSet, "*")}),
			),
			wantErr: ErrDuplicateSid,
			wantMsg: "writing IAM Policy Document: duplicate Sid (1). Remove the Sid or ensure the Sid is unique.",
		},
		{
			name:    "InvalidSourceJSON",
			config:  configValue(map[string]tftypes.Value{"source_policy_documents": strs(stringList, "{")}),
			wantErr: ErrInvalidDocument,
			wantMsg: "writing IAM Policy Document: merging source document 0: unexpected end of JSON input",
		},
		{
			name:    "NullConfig",
			config:  tftypes.NewValue(dataSourceT, nil),
			wantErr: ErrInvalidConfig,
		},
		{
			name:    "NotAnObject",
			config:  str("x"),
			wantErr: ErrInvalidConfig,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Read(tt.config)
			require.ErrorIs(t, err, tt.wantErr)
			if tt.wantMsg != "" {
				require.EqualError(t, err, tt.wantMsg)
			}
		})
	}
}
