package offlineaws

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"

	"github.com/tsumiki-dev/tsumiki/tools/internal/offlineaws/iampolicy"
)

// dataSourceReaders compute the data sources the offline provider implements, on plain values:
// they receive the configuration and return the new state.
var dataSourceReaders = map[string]func(s *Server, config map[string]any) (map[string]any, error){
	"aws_caller_identity":     readCallerIdentity,
	"aws_partition":           readPartition,
	"aws_region":              readRegion,
	"aws_elb_service_account": readELBServiceAccount,
	// In the simulated account (datasources_account.go):
	"aws_ecr_image":                   readECRImage,
	"aws_s3_object":                   readS3Object,
	"aws_route53_zone":                readRoute53Zone,
	"aws_secretsmanager_secret":       readSecret,
	"aws_iam_openid_connect_provider": readOIDCProvider,
}

// readPolicyDocument computes aws_iam_policy_document (package iampolicy renders the JSON the
// real provider renders).
var readPolicyDocument = iampolicy.Read

// ValidateDataSourceConfig accepts every configuration terraform validated against the schema.
func (s *Server) ValidateDataSourceConfig(_ context.Context, req *tfprotov5.ValidateDataSourceConfigRequest) (*tfprotov5.ValidateDataSourceConfigResponse, error) {
	resp := &tfprotov5.ValidateDataSourceConfigResponse{}
	if _, ok := s.dataSources[req.TypeName]; !ok {
		resp.Diagnostics = unknownType("data source", req.TypeName)
	}
	return resp, nil
}

// ReadDataSource computes a data source: aws_caller_identity, aws_partition and aws_region from
// the simulated account and the provider's region, aws_iam_policy_document by package iampolicy.
// Any other data source of the schema is an error that names it.
func (s *Server) ReadDataSource(_ context.Context, req *tfprotov5.ReadDataSourceRequest) (*tfprotov5.ReadDataSourceResponse, error) {
	resp := &tfprotov5.ReadDataSourceResponse{}
	ds, ok := s.dataSources[req.TypeName]
	if !ok {
		resp.Diagnostics = unknownType("data source", req.TypeName)
		return resp, nil
	}
	if req.TypeName == "aws_iam_policy_document" {
		resp.State, resp.Diagnostics = s.readPolicyDocument(ds, req.Config)
		return resp, nil
	}
	read, ok := dataSourceReaders[req.TypeName]
	if !ok {
		resp.Diagnostics = errorDiags(nil, "Data source not implemented offline",
			fmt.Sprintf("The offline hashicorp/aws provider serves the schema of data source %q but cannot compute it. "+
				"Implement it in tools/internal/offlineaws (datasources.go), or run with TF_ACC=1 and the real provider.", req.TypeName))
		return resp, nil
	}
	config, err := decode(ds.block.typ, req.Config)
	if err != nil {
		resp.Diagnostics = errorDiags(nil, "Invalid configuration", err.Error())
		return resp, nil
	}
	state, err := read(s, asObject(config))
	if err == nil {
		if _, ok := ds.block.attrs["region"]; ok && state["region"] == nil {
			state["region"] = s.config().region
		}
		resp.State, err = encode(ds.block.typ, withAllAttributes(ds.block, state))
	}
	if err != nil {
		resp.Diagnostics = errorDiags(nil, err.Error(), "")
	}
	return resp, nil
}

func (s *Server) readPolicyDocument(ds *resourceSchema, config *tfprotov5.DynamicValue) (*tfprotov5.DynamicValue, []*tfprotov5.Diagnostic) {
	v, err := config.Unmarshal(ds.block.typ)
	if err != nil {
		return nil, errorDiags(nil, "Invalid configuration", err.Error())
	}
	out, err := readPolicyDocument(v)
	if err != nil {
		// iampolicy's errors carry the real provider's diagnostic text.
		return nil, errorDiags(nil, err.Error(), "")
	}
	dv, err := tfprotov5.NewDynamicValue(ds.block.typ, out)
	if err != nil {
		return nil, errorDiags(nil, "reading aws_iam_policy_document", err.Error())
	}
	return &dv, nil
}

// withAllAttributes fills the attributes a reader did not set: the configuration's value when
// it had one, else null.
func withAllAttributes(b *blockSchema, state map[string]any) map[string]any {
	for name := range b.attrs {
		if _, ok := state[name]; !ok || isUnknown(state[name]) {
			state[name] = nil
		}
	}
	for name := range b.blocks {
		if _, ok := state[name]; !ok || isUnknown(state[name]) {
			state[name] = nil
		}
	}
	return state
}

func readCallerIdentity(s *Server, config map[string]any) (map[string]any, error) {
	acct := s.config().accountID
	out := deepCopy(config).(map[string]any)
	out["id"] = acct
	out["account_id"] = acct
	out["arn"] = fmt.Sprintf("arn:aws:iam::%s:user/offline", acct)
	out["user_id"] = "AIDA" + (&filler{seed: acct}).upperAlnum(17, "user_id")
	return out, nil
}

func readPartition(_ *Server, config map[string]any) (map[string]any, error) {
	out := deepCopy(config).(map[string]any)
	out["id"] = "aws"
	out["partition"] = "aws"
	out["dns_suffix"] = "amazonaws.com"
	out["reverse_dns_prefix"] = "com.amazonaws"
	return out, nil
}

// regionDescriptions are the names AWS gives its regions (AWS General Reference, "Regions").
var regionDescriptions = map[string]string{
	"us-east-1": "US East (N. Virginia)", "us-east-2": "US East (Ohio)", "us-west-1": "US West (N. California)",
	"us-west-2": "US West (Oregon)", "eu-west-1": "Europe (Ireland)", "eu-west-2": "Europe (London)",
	"eu-central-1": "Europe (Frankfurt)", "ap-northeast-1": "Asia Pacific (Tokyo)",
	"ap-northeast-3": "Asia Pacific (Osaka)", "ap-southeast-1": "Asia Pacific (Singapore)",
	"ap-southeast-2": "Asia Pacific (Sydney)",
}

// elbAccounts are the Elastic Load Balancing accounts that write access logs in the regions
// created before August 2022 (Elastic Load Balancing User Guide, "Enable access logs for your
// Application Load Balancer", step 2 "Attach a policy to your S3 bucket"). Newer regions use the
// service principal logdelivery.elasticloadbalancing.amazonaws.com and have no such account.
var elbAccounts = map[string]string{
	"us-east-1": "127311923021", "us-east-2": "033677994240", "us-west-1": "027434742980",
	"us-west-2": "797873946194", "eu-west-1": "156460612806", "eu-west-2": "652711504416",
	"eu-central-1": "054676820928", "ap-northeast-1": "582318560864",
	"ap-northeast-3": "383597477331", "ap-southeast-1": "114774131450",
	"ap-southeast-2": "783225319266",
}

func readELBServiceAccount(s *Server, config map[string]any) (map[string]any, error) {
	out := deepCopy(config).(map[string]any)
	region := s.config().region
	if r, ok := out["region"].(string); ok && r != "" {
		region = r
	}
	id, ok := elbAccounts[region]
	if !ok {
		return nil, fmt.Errorf("region %q has no Elastic Load Balancing account the offline provider knows (regions opened after August 2022 use the logdelivery.elasticloadbalancing.amazonaws.com principal)", region)
	}
	out["id"] = id
	out["arn"] = "arn:aws:iam::" + id + ":root"
	out["region"] = region
	return out, nil
}

func readRegion(s *Server, config map[string]any) (map[string]any, error) {
	out := deepCopy(config).(map[string]any)
	region := s.config().region
	for _, k := range []string{"region", "name"} {
		if r, ok := out[k].(string); ok && r != "" {
			region = r
		}
	}
	desc, ok := regionDescriptions[region]
	if !ok {
		return nil, fmt.Errorf("region %q is not one the offline provider knows", region)
	}
	out["id"] = region
	out["name"] = region
	out["region"] = region
	out["endpoint"] = fmt.Sprintf("ec2.%s.amazonaws.com", region)
	out["description"] = desc
	return out, nil
}
