package offlineaws

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strings"

	"github.com/tsumiki-dev/tsumiki/tools/internal/offlineaws/account"
)

// filler fills the identity of a resource being applied: its id, ARN and the other values AWS
// assigns, in each service's real format.
type filler struct {
	typeName  string
	region    string
	accountID string
	seed      string
	account   *account.Account
	state     map[string]any
	prior     map[string]any
}

// identities holds, per resource type, how AWS names what it creates. Sources: the "Attribute
// Reference" and "Import" sections of each resource's page in the hashicorp/aws documentation
// (registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/<name>) and the ARN
// formats of the AWS Service Authorization Reference ("Resource types defined by <service>").
// Resource types without an entry get a generic id and ARN (fillGeneric).
var identities = map[string]func(f *filler){
	"aws_sqs_queue": func(f *filler) {
		name := f.generatedName("name", "name_prefix")
		if f.state["fifo_queue"] == true && !strings.HasSuffix(name, ".fifo") {
			// internal/service/sqs/queue.go appends .fifo to a generated FIFO name.
			name += ".fifo"
			f.state["name"] = name
		}
		url := fmt.Sprintf("https://sqs.%s.amazonaws.com/%s/%s", f.region, f.accountID, name)
		f.set("id", url)
		f.set("url", url)
		f.set("arn", f.arn("sqs", f.region, name))
	},
	"aws_sqs_queue_policy":               func(f *filler) { f.set("id", f.str("queue_url")) },
	"aws_sqs_queue_redrive_allow_policy": func(f *filler) { f.set("id", f.str("queue_url")) },
	"aws_sqs_queue_redrive_policy":       func(f *filler) { f.set("id", f.str("queue_url")) },
	"aws_iam_role": func(f *filler) {
		name := f.generatedName("name", "name_prefix")
		f.set("path", "/")
		f.set("id", name)
		f.set("arn", f.arn("iam", "", "role"+pathOr(f.str("path"))+name))
		f.set("unique_id", "AROA"+f.upperAlnum(17, "unique_id"))
		f.set("create_date", "2026-01-01T00:00:00Z")
	},
	"aws_iam_policy": func(f *filler) {
		name := f.generatedName("name", "name_prefix")
		arn := f.arn("iam", "", "policy"+pathOr(f.str("path"))+name)
		f.set("id", arn)
		f.set("arn", arn)
		f.set("policy_id", "ANPA"+f.upperAlnum(17, "policy_id"))
	},
	"aws_iam_role_policy": func(f *filler) {
		name := f.generatedName("name", "name_prefix")
		f.set("id", f.str("role")+":"+name)
	},
	"aws_iam_role_policy_attachment": func(f *filler) {
		f.set("id", f.str("role")+"-"+uniqueSuffix(f.seed))
	},
	"aws_iam_openid_connect_provider": func(f *filler) {
		arn := f.arn("iam", "", "oidc-provider/"+strings.TrimPrefix(f.str("url"), "https://"))
		f.set("id", arn)
		f.set("arn", arn)
	},
	"aws_s3_bucket": func(f *filler) {
		bucket := f.generatedName("bucket", "bucket_prefix")
		f.set("id", bucket)
		f.set("arn", "arn:aws:s3:::"+bucket)
		f.set("bucket_domain_name", bucket+".s3.amazonaws.com")
		f.set("bucket_regional_domain_name", fmt.Sprintf("%s.s3.%s.amazonaws.com", bucket, f.region))
		f.set("hosted_zone_id", s3HostedZoneID(f.region))
		f.set("region", f.region)
		f.set("bucket_region", f.region)
	},
	"aws_s3_bucket_versioning":                           bucketChild,
	"aws_s3_bucket_server_side_encryption_configuration": bucketChild,
	"aws_s3_bucket_public_access_block":                  bucketChild,
	"aws_s3_bucket_policy":                               bucketChild,
	"aws_s3_bucket_ownership_controls":                   bucketChild,
	"aws_s3_bucket_lifecycle_configuration":              bucketChild,
	"aws_s3_object": func(f *filler) {
		f.set("id", f.str("key"))
		f.set("arn", fmt.Sprintf("arn:aws:s3:::%s/%s", f.str("bucket"), f.str("key")))
		f.set("etag", f.hex(32, "etag"))
		f.set("version_id", "")
	},
	"aws_lambda_function": func(f *filler) {
		name := f.str("function_name")
		arn := f.arn("lambda", f.region, "function:"+name)
		version := "$LATEST"
		if f.state["publish"] == true {
			version = "1"
		}
		f.set("id", name)
		f.set("arn", arn)
		f.set("version", version)
		f.set("qualified_arn", arn+":"+version)
		f.set("invoke_arn", fmt.Sprintf("arn:aws:apigateway:%s:lambda:path/2015-03-31/functions/%s/invocations", f.region, arn))
		f.set("qualified_invoke_arn", fmt.Sprintf("arn:aws:apigateway:%s:lambda:path/2015-03-31/functions/%s:%s/invocations", f.region, arn, version))
		f.set("last_modified", "2026-01-01T00:00:00.000+0000")
		f.set("source_code_size", json.Number("0"))
	},
	"aws_lambda_event_source_mapping": func(f *filler) {
		id := f.uuid("uuid")
		f.set("id", id)
		f.set("uuid", id)
		f.set("arn", f.arn("lambda", f.region, "event-source-mapping:"+id))
		f.set("state", "Enabled")
	},
	"aws_dynamodb_table": func(f *filler) {
		name := f.str("name")
		arn := f.arn("dynamodb", f.region, "table/"+name)
		f.set("id", name)
		f.set("arn", arn)
		if f.state["stream_enabled"] == true {
			f.set("stream_label", "2026-01-01T00:00:00.000")
			f.set("stream_arn", arn+"/stream/2026-01-01T00:00:00.000")
		} else {
			f.set("stream_label", "")
			f.set("stream_arn", "")
		}
	},
	"aws_db_instance": func(f *filler) {
		id := f.generatedName("identifier", "identifier_prefix")
		resourceID := "db-" + f.upperAlnum(26, "resource_id")
		port := json.Number("5432")
		if p, ok := f.state["port"].(json.Number); ok {
			port = p
		}
		f.set("port", port)
		address := fmt.Sprintf("%s.%s.%s.rds.amazonaws.com", id, f.lowerAlnum(12, "endpoint"), f.region)
		f.set("id", resourceID)
		f.set("resource_id", resourceID)
		f.set("arn", f.arn("rds", f.region, "db:"+id))
		f.set("address", address)
		f.set("endpoint", fmt.Sprintf("%s:%s", address, port))
		f.set("engine_version_actual", f.str("engine_version"))
		if f.state["manage_master_user_password"] == true {
			// RDS names the secret it manages rds!db-<uuid>; Secrets Manager appends 6 characters.
			kms := f.str("master_user_secret_kms_key_id")
			if kms == "" {
				kms = f.arn("kms", f.region, "key/"+f.uuid("secret_kms"))
			}
			f.set("master_user_secret_kms_key_id", kms)
			f.set("master_user_secret", []any{map[string]any{
				"kms_key_id":    kms,
				"secret_arn":    f.arn("secretsmanager", f.region, "secret:rds!db-"+f.uuid("secret")+"-"+f.mixedAlnum(6, "secret")),
				"secret_status": "active",
			}})
		}
		f.set("hosted_zone_id", "Z2R2ITUGPM61AM")
	},
	"aws_db_parameter_group": func(f *filler) {
		name := f.generatedName("name", "name_prefix")
		f.set("id", name)
		f.set("arn", f.arn("rds", f.region, "pg:"+name))
	},
	"aws_db_subnet_group": func(f *filler) {
		name := f.generatedName("name", "name_prefix")
		f.set("id", name)
		f.set("arn", f.arn("rds", f.region, "subgrp:"+name))
	},
	"aws_secretsmanager_secret": func(f *filler) {
		name := f.generatedName("name", "name_prefix")
		// Secrets Manager appends a hyphen and six random characters to the secret's name.
		arn := f.arn("secretsmanager", f.region, "secret:"+name+"-"+f.mixedAlnum(6, "arn"))
		f.set("id", arn)
		f.set("arn", arn)
	},
	"aws_ecs_cluster": func(f *filler) {
		arn := f.arn("ecs", f.region, "cluster/"+f.str("name"))
		f.set("id", arn)
		f.set("arn", arn)
	},
	"aws_ecs_cluster_capacity_providers": func(f *filler) { f.set("id", f.str("cluster_name")) },
	"aws_ecs_service": func(f *filler) {
		cluster := f.str("cluster")
		if cluster == "" {
			cluster = "default"
			f.set("cluster", f.arn("ecs", f.region, "cluster/default"))
		}
		clusterName := cluster[strings.LastIndex(cluster, "/")+1:]
		f.set("id", f.arn("ecs", f.region, "service/"+clusterName+"/"+f.str("name")))
	},
	"aws_ecs_task_definition": func(f *filler) {
		family := f.str("family")
		var revision int64
		if prev, ok := f.prior["revision"].(json.Number); ok {
			n, _ := prev.Int64()
			revision = n + 1
		} else {
			revision = f.nextRevision(family)
		}
		f.set("id", family)
		f.set("revision", json.Number(fmt.Sprint(revision)))
		f.set("arn", f.arn("ecs", f.region, fmt.Sprintf("task-definition/%s:%d", family, revision)))
		f.set("arn_without_revision", f.arn("ecs", f.region, "task-definition/"+family))
	},
	"aws_ecr_repository": func(f *filler) {
		name := f.str("name")
		f.set("id", name)
		f.set("arn", f.arn("ecr", f.region, "repository/"+name))
		f.set("registry_id", f.accountID)
		f.set("repository_url", fmt.Sprintf("%s.dkr.ecr.%s.amazonaws.com/%s", f.accountID, f.region, name))
	},
	"aws_ecr_lifecycle_policy": func(f *filler) {
		f.set("id", f.str("repository"))
		f.set("registry_id", f.accountID)
	},
	"aws_lb": func(f *filler) {
		name := f.generatedName("name", "name_prefix")
		kind := "app"
		if f.str("load_balancer_type") == "network" {
			kind = "net"
		} else if f.str("load_balancer_type") == "gateway" {
			kind = "gwy"
		}
		suffix := fmt.Sprintf("%s/%s/%s", kind, name, f.hex(16, "arn"))
		arn := f.arn("elasticloadbalancing", f.region, "loadbalancer/"+suffix)
		f.set("id", arn)
		f.set("arn", arn)
		f.set("arn_suffix", suffix)
		prefix := ""
		if f.state["internal"] == true {
			prefix = "internal-"
		}
		f.set("dns_name", fmt.Sprintf("%s%s-%s.%s.elb.amazonaws.com", prefix, name, f.digits(10, "dns"), f.region))
		f.set("zone_id", albHostedZoneID(f.region))
		f.set("vpc_id", "vpc-"+f.hex(17, "vpc_id"))
	},
	"aws_lb_target_group": func(f *filler) {
		name := f.generatedName("name", "name_prefix")
		suffix := fmt.Sprintf("targetgroup/%s/%s", name, f.hex(16, "arn"))
		arn := f.arn("elasticloadbalancing", f.region, suffix)
		f.set("id", arn)
		f.set("arn", arn)
		f.set("arn_suffix", suffix)
	},
	"aws_lb_listener": func(f *filler) {
		lb := strings.TrimPrefix(elbResource(f.str("load_balancer_arn")), "loadbalancer/")
		arn := f.arn("elasticloadbalancing", f.region, "listener/"+lb+"/"+f.hex(16, "arn"))
		f.set("id", arn)
		f.set("arn", arn)
	},
	"aws_lb_listener_rule": func(f *filler) {
		listener := strings.TrimPrefix(elbResource(f.str("listener_arn")), "listener/")
		arn := f.arn("elasticloadbalancing", f.region, "listener-rule/"+listener+"/"+f.hex(16, "arn"))
		f.set("id", arn)
		f.set("arn", arn)
	},
	"aws_acm_certificate": func(f *filler) {
		arn := f.arn("acm", f.region, "certificate/"+f.uuid("arn"))
		f.set("id", arn)
		f.set("arn", arn)
		f.set("status", account.CertificatePendingValidation)
		f.set("domain_validation_options", f.validationOptions())
		// Planned with the domain names known (planHooks): fill in the records.
		for _, e := range asList(f.state["domain_validation_options"]) {
			opt := asObject(e)
			for _, o := range f.validationOptions() {
				if want := asObject(o); want["domain_name"] == opt["domain_name"] {
					for k, v := range want {
						if isUnknown(opt[k]) {
							opt[k] = v
						}
					}
				}
			}
		}
		f.set("type", "AMAZON_ISSUED")
		f.set("key_algorithm", "RSA_2048")
		f.set("validation_method", "DNS")
	},
	"aws_acm_certificate_validation": func(f *filler) {
		// The real resource's id is the certificate's issue time; the offline one uses the
		// certificate ARN, which names the same thing and is unique in the account.
		f.set("id", f.str("certificate_arn"))
	},
	"aws_route53_zone": func(f *filler) {
		id := "Z" + f.upperAlnum(20, "zone_id")
		f.set("id", id)
		f.set("zone_id", id)
		f.set("arn", "arn:aws:route53:::hostedzone/"+id)
		f.set("name_servers", []any{"ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk", "ns-3.awsdns-03.com", "ns-4.awsdns-04.net"})
		f.set("primary_name_server", "ns-1.awsdns-01.org")
	},
	"aws_route53_record": func(f *filler) {
		name := strings.TrimSuffix(f.str("name"), ".")
		f.set("id", strings.Join([]string{f.str("zone_id"), name, f.str("type")}, "_"))
		f.set("fqdn", name)
	},
	"aws_kms_key": func(f *filler) {
		id := f.uuid("key_id")
		f.set("id", id)
		f.set("key_id", id)
		f.set("arn", f.arn("kms", f.region, "key/"+id))
		// KMS gives a key created without a policy its default key policy (KMS developer guide,
		// "Default key policy"): the account's principals may do anything with it.
		f.set("policy", fmt.Sprintf(`{"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions",`+
			`"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"kms:*","Resource":"*"}]}`, f.accountID))
	},
	"aws_kms_alias": func(f *filler) {
		name := f.generatedName("name", "name_prefix")
		f.set("id", name)
		f.set("arn", f.arn("kms", f.region, name))
		f.set("target_key_arn", f.arn("kms", f.region, "key/"+f.str("target_key_id")))
	},
	"aws_cloudwatch_log_group": func(f *filler) {
		name := f.generatedName("name", "name_prefix")
		f.set("id", name)
		f.set("arn", f.arn("logs", f.region, "log-group:"+name))
	},
	"aws_security_group":                  ec2Resource("sg", "security-group"),
	"aws_vpc_security_group_ingress_rule": ec2Resource("sgr", "security-group-rule"),
	"aws_vpc_security_group_egress_rule":  ec2Resource("sgr", "security-group-rule"),
	"aws_vpc":                             ec2Resource("vpc", "vpc"),
	"aws_subnet":                          ec2Resource("subnet", "subnet"),
	"aws_route_table":                     ec2Resource("rtb", "route-table"),
	"aws_route_table_association":         ec2Resource("rtbassoc", ""),
	"aws_internet_gateway":                ec2Resource("igw", "internet-gateway"),
	"aws_nat_gateway":                     ec2Resource("nat", "natgateway"),
	"aws_eip":                             ec2Resource("eipalloc", "elastic-ip"),
	"aws_vpc_endpoint":                    ec2Resource("vpce", "vpc-endpoint"),
	"aws_sesv2_email_identity": func(f *filler) {
		identity := f.str("email_identity")
		f.set("id", identity)
		f.set("arn", f.arn("ses", f.region, "identity/"+identity))
		f.set("identity_type", identityType(identity))
		f.set("verified_for_sending_status", false)
		f.set("verification_status", "PENDING")
		// Easy DKIM: SES hands out three tokens for the CNAME records <token>._domainkey.<domain>.
		for _, e := range asList(f.state["dkim_signing_attributes"]) {
			dkim := asObject(e)
			if isUnknown(dkim["tokens"]) {
				dkim["tokens"] = []any{f.lowerAlnum(32, "dkim1"), f.lowerAlnum(32, "dkim2"), f.lowerAlnum(32, "dkim3")}
			}
			for k, v := range map[string]any{"status": "PENDING", "signing_attributes_origin": "AWS_SES",
				"current_signing_key_length": "RSA_2048_BIT", "last_key_generation_timestamp": "2026-01-01T00:00:00Z"} {
				if isUnknown(dkim[k]) {
					dkim[k] = v
				}
			}
		}
	},
	"aws_sesv2_configuration_set": func(f *filler) {
		name := f.str("configuration_set_name")
		f.set("id", name)
		f.set("arn", f.arn("ses", f.region, "configuration-set/"+name))
	},
	"aws_sesv2_email_identity_mail_from_attributes": func(f *filler) { f.set("id", f.str("email_identity")) },
	"aws_appautoscaling_target": func(f *filler) {
		f.set("id", f.str("resource_id"))
		f.set("arn", f.arn("application-autoscaling", f.region, "scalable-target/"+f.lowerAlnum(4, "t")+f.hex(24, "arn")))
	},
	"aws_appautoscaling_policy": func(f *filler) {
		name := f.str("name")
		f.set("id", name)
		f.set("arn", f.arn("autoscaling", f.region, fmt.Sprintf("scalingPolicy:%s:resource/%s/%s:policyName/%s",
			f.uuid("arn"), f.str("service_namespace"), f.str("resource_id"), name)))
	},
	"aws_sns_topic": func(f *filler) {
		name := f.generatedName("name", "name_prefix")
		arn := f.arn("sns", f.region, name)
		f.set("id", arn)
		f.set("arn", arn)
		f.set("owner", f.accountID)
	},
	"aws_cloudwatch_metric_alarm": func(f *filler) {
		name := f.str("alarm_name")
		f.set("id", name)
		f.set("arn", f.arn("cloudwatch", f.region, "alarm:"+name))
	},
	"aws_db_proxy": func(f *filler) {
		name := f.str("name")
		f.set("id", name)
		f.set("arn", f.arn("rds", f.region, "db-proxy:prx-"+f.hex(17, "arn")))
		f.set("endpoint", fmt.Sprintf("%s.proxy-%s.%s.rds.amazonaws.com", name, f.lowerAlnum(12, "endpoint"), f.region))
	},
	"aws_ecr_repository_policy": func(f *filler) {
		f.set("id", f.str("repository"))
		f.set("registry_id", f.accountID)
	},
	"aws_iam_user": func(f *filler) {
		name := f.str("name")
		f.set("path", "/")
		f.set("id", name)
		f.set("arn", f.arn("iam", "", "user"+pathOr(f.str("path"))+name))
		f.set("unique_id", "AIDA"+f.upperAlnum(17, "unique_id"))
	},
	"aws_lambda_permission": func(f *filler) {
		id := f.str("statement_id")
		if id == "" {
			prefix := f.str("statement_id_prefix")
			if prefix == "" {
				prefix = "terraform-"
			}
			id = prefix + uniqueSuffix(f.seed)
			f.set("statement_id", id)
		}
		f.set("id", id)
	},
	"aws_rds_cluster_role_association": func(f *filler) {
		f.set("id", f.str("db_cluster_identifier")+","+f.str("role_arn"))
	},
	"aws_sesv2_email_identity_feedback_attributes": func(f *filler) { f.set("id", f.str("email_identity")) },
	"aws_wafv2_web_acl": func(f *filler) {
		id := f.uuid("id")
		scope, region := "regional", f.region
		if f.str("scope") == "CLOUDFRONT" {
			scope, region = "global", "us-east-1"
		}
		f.set("id", id)
		f.set("arn", f.arn("wafv2", region, fmt.Sprintf("%s/webacl/%s/%s", scope, f.str("name"), id)))
		f.set("lock_token", f.uuid("lock_token"))
		f.set("capacity", json.Number("0"))
		f.set("application_integration_url", "")
	},
	"aws_wafv2_web_acl_association": func(f *filler) {
		f.set("id", f.str("web_acl_arn")+","+f.str("resource_arn"))
	},
	// Operations (issue 14): alarms, dashboards, topics, logs, SES events.
	"aws_cloudwatch_composite_alarm": func(f *filler) {
		name := f.str("alarm_name")
		f.set("id", name)
		f.set("arn", f.arn("cloudwatch", f.region, "alarm:"+name))
	},
	"aws_cloudwatch_dashboard": func(f *filler) {
		name := f.str("dashboard_name")
		f.set("id", name)
		// Dashboards are global: arn:aws:cloudwatch::<account>:dashboard/<name>.
		f.set("dashboard_arn", f.arn("cloudwatch", "", "dashboard/"+name))
	},
	"aws_cloudwatch_log_metric_filter": func(f *filler) { f.set("id", f.str("name")) },
	"aws_flow_log": func(f *filler) {
		id := "fl-" + f.hex(17, "id")
		f.set("id", id)
		f.set("arn", f.arn("ec2", f.region, "vpc-flow-log/"+id))
	},
	"aws_s3_bucket_logging":                    bucketChild,
	"aws_sesv2_account_suppression_attributes": func(f *filler) { f.set("id", f.accountID) },
	"aws_sesv2_configuration_set_event_destination": func(f *filler) {
		f.set("id", f.str("configuration_set_name")+"|"+f.str("event_destination_name"))
	},
	"aws_sns_topic_policy": func(f *filler) {
		f.set("id", f.str("arn"))
		f.set("owner", f.accountID)
	},
	"aws_sns_topic_subscription": func(f *filler) {
		arn := f.str("topic_arn") + ":" + f.uuid("id")
		f.set("id", arn)
		f.set("arn", arn)
		f.set("owner_id", f.accountID)
		f.set("confirmation_was_authenticated", f.str("protocol") != "email" && f.str("protocol") != "email-json" && f.str("protocol") != "http" && f.str("protocol") != "https")
		f.set("pending_confirmation", !(f.state["confirmation_was_authenticated"] == true))
	},
	"aws_wafv2_web_acl_logging_configuration": func(f *filler) { f.set("id", f.str("resource_arn")) },
	"aws_chatbot_slack_channel_configuration": func(f *filler) {
		name := f.str("configuration_name")
		// Chatbot is global: arn:aws:chatbot::<account>:chat-configuration/slack-channel/<name>.
		arn := f.arn("chatbot", "", "chat-configuration/slack-channel/"+name)
		f.set("id", arn)
		f.set("chat_configuration_arn", arn)
		f.set("slack_team_name", "workspace")
		f.set("slack_channel_name", "channel")
	},
	"aws_ssm_parameter": func(f *filler) {
		name := f.str("name")
		f.set("id", name)
		f.set("arn", f.arn("ssm", f.region, "parameter/"+strings.TrimPrefix(name, "/")))
		f.set("version", json.Number("1"))
	},
}

// fillIdentity sets the values AWS assigns, then the values every resource shares.
func (f *filler) fillIdentity() {
	if rule, ok := identities[f.typeName]; ok {
		rule(f)
	}
	f.fillGeneric()
}

// fillGeneric gives any resource still without an id or ARN a generic one, and sets the owner
// and region attributes many resources have.
func (f *filler) fillGeneric() {
	f.set("id", f.hex(20, "id"))
	service := strings.SplitN(strings.TrimPrefix(f.typeName, "aws_"), "_", 2)[0]
	f.set("arn", f.arn(service, f.region, strings.TrimPrefix(f.typeName, "aws_"+service+"_")+"/"+f.str("id")))
	f.set("owner_id", f.accountID)
	f.set("region", f.region)
}

func bucketChild(f *filler) { f.set("id", f.str("bucket")) }

// ec2Resource names an EC2 resource: <prefix>-<17 hex> and, when arnType is not empty,
// arn:aws:ec2:<region>:<account>:<arnType>/<id>.
func ec2Resource(prefix, arnType string) func(f *filler) {
	return func(f *filler) {
		id := prefix + "-" + f.hex(17, "id")
		f.set("id", id)
		if arnType != "" {
			f.set("arn", f.arn("ec2", f.region, arnType+"/"+id))
		}
		f.set("owner_id", f.accountID)
		switch f.typeName {
		case "aws_vpc":
			f.set("default_route_table_id", "rtb-"+f.hex(17, "default_route_table_id"))
			f.set("main_route_table_id", f.str("default_route_table_id"))
			f.set("default_network_acl_id", "acl-"+f.hex(17, "default_network_acl_id"))
			f.set("default_security_group_id", "sg-"+f.hex(17, "default_security_group_id"))
			f.set("dhcp_options_id", "dopt-"+f.hex(17, "dhcp_options_id"))
		case "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule":
			f.set("security_group_rule_id", id)
		case "aws_eip":
			f.set("allocation_id", id)
			ip := f.ipv4("public_ip")
			f.set("public_ip", ip)
			f.set("public_dns", fmt.Sprintf("ec2-%s.compute-1.amazonaws.com", strings.ReplaceAll(ip, ".", "-")))
			f.set("domain", "vpc")
		case "aws_nat_gateway":
			f.set("network_interface_id", "eni-"+f.hex(17, "eni"))
			f.set("public_ip", f.ipv4("public_ip"))
		case "aws_vpc_endpoint":
			f.set("prefix_list_id", "pl-"+f.hex(8, "pl"))
		case "aws_subnet":
			f.set("availability_zone", f.region+"a")
		}
	}
}

func identityType(identity string) string {
	if strings.Contains(identity, "@") {
		return "EMAIL_ADDRESS"
	}
	return "DOMAIN"
}

// validationOptions returns the DNS validation records ACM asks for, one per domain name.
func (f *filler) validationOptions() []any {
	domains := []string{f.str("domain_name")}
	for _, san := range stringList(f.state["subject_alternative_names"]) {
		if !containsString(domains, san) {
			domains = append(domains, san)
		}
	}
	out := make([]any, 0, len(domains))
	for _, d := range domains {
		base := strings.TrimPrefix(d, "*.")
		out = append(out, map[string]any{
			"domain_name":           d,
			"resource_record_name":  fmt.Sprintf("_%s.%s.", f.hex(32, "name/"+base), base),
			"resource_record_type":  "CNAME",
			"resource_record_value": fmt.Sprintf("_%s.%s.acm-validations.aws.", f.hex(32, "value/"+base), f.lowerAlnum(10, "value/"+base)),
		})
	}
	return out
}

func (f *filler) nextRevision(family string) int64 {
	var max int64
	for _, id := range f.account.ResourceIDs(f.typeName) {
		r, _ := f.account.Resource(f.typeName, id)
		if r["family"] != family {
			continue
		}
		if n, err := r["revision"].(json.Number).Int64(); err == nil && n > max {
			max = n
		}
	}
	return max + 1
}

// str returns the known string value of an attribute, or "".
func (f *filler) str(name string) string {
	s, _ := f.state[name].(string)
	return s
}

// set sets an attribute when the resource has it and its value is unknown.
func (f *filler) set(name string, v any) {
	if cur, ok := f.state[name]; ok && isUnknown(cur) {
		f.state[name] = v
	}
}

// generatedName resolves a name argument the way internal/create.Name does: the name when set,
// else the prefix followed by a 26-character unique suffix, else "terraform-" and the suffix.
func (f *filler) generatedName(nameAttr, prefixAttr string) string {
	if name := f.str(nameAttr); name != "" {
		return name
	}
	prefix := f.str(prefixAttr)
	if prefix == "" {
		prefix = "terraform-"
	}
	name := prefix + uniqueSuffix(f.seed)
	for i := 1; f.nameTaken(nameAttr, name); i++ {
		// Two resources alike in every known argument still get names of their own.
		name = prefix + uniqueSuffix(fmt.Sprintf("%s#%d", f.seed, i))
	}
	f.set(nameAttr, name)
	return name
}

// nameTaken reports whether a resource of the type already has name in attribute attr.
func (f *filler) nameTaken(attr, name string) bool {
	if f.account == nil {
		return false
	}
	for _, id := range f.account.ResourceIDs(f.typeName) {
		if r, _ := f.account.Resource(f.typeName, id); r[attr] == name {
			return true
		}
	}
	return false
}

// uniqueSuffix is a deterministic stand-in for the SDK's id.PrefixedUniqueId suffix: 18 digits of
// timestamp and 8 hex digits of counter.
func uniqueSuffix(seed string) string {
	return "202601010000000000" + hashOf(seed, "unique")[:8]
}

func (f *filler) arn(service, region, resource string) string {
	acct := f.accountID
	switch service {
	case "s3", "route53":
		acct = ""
	}
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, region, acct, resource)
}

func (f *filler) hex(n int, salt string) string {
	h := hashOf(f.seed, salt)
	for len(h) < n {
		h += hashOf(h, salt)
	}
	return h[:n]
}

func (f *filler) fromAlphabet(alphabet string, n int, salt string) string {
	x := new(big.Int)
	x.SetString(hashOf(f.seed, salt)+hashOf(f.seed, salt+"/2"), 16)
	base := big.NewInt(int64(len(alphabet)))
	out := make([]byte, n)
	mod := new(big.Int)
	for i := range out {
		x.DivMod(x, base, mod)
		out[i] = alphabet[mod.Int64()]
	}
	return string(out)
}

func (f *filler) digits(n int, salt string) string {
	return f.fromAlphabet("0123456789", n, salt)
}

func (f *filler) upperAlnum(n int, salt string) string {
	return f.fromAlphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", n, salt)
}

func (f *filler) lowerAlnum(n int, salt string) string {
	return f.fromAlphabet("abcdefghijklmnopqrstuvwxyz0123456789", n, salt)
}

func (f *filler) mixedAlnum(n int, salt string) string {
	return f.fromAlphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", n, salt)
}

func (f *filler) uuid(salt string) string {
	h := f.hex(32, salt)
	return fmt.Sprintf("%s-%s-4%s-a%s-%s", h[0:8], h[8:12], h[13:16], h[17:20], h[20:32])
}

func (f *filler) ipv4(salt string) string {
	h := f.hex(6, salt)
	var b [3]int
	for i := range b {
		_, _ = fmt.Sscanf(h[2*i:2*i+2], "%02x", &b[i])
	}
	return fmt.Sprintf("3.%d.%d.%d", b[0], b[1], b[2])
}

func pathOr(path string) string {
	if path == "" {
		return "/"
	}
	return path
}

// elbResource returns the resource part of an Elastic Load Balancing ARN.
func elbResource(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return arn
	}
	return parts[5]
}

// s3HostedZoneID is the Route 53 zone id of S3 website endpoints per region (AWS General
// Reference, "Amazon S3 endpoints"); unknown regions get us-east-1's.
func s3HostedZoneID(region string) string {
	zones := map[string]string{
		"us-east-1": "Z3AQBSTGFYJSTF", "us-east-2": "Z2O1EMRO9K5GLX", "us-west-2": "Z3BJ6K6RIION7M",
		"eu-west-1": "Z1BKCTXD74EZPE", "eu-central-1": "Z21DNDUVLTQW6Q", "ap-northeast-1": "Z2M4EHUR26P7ZW",
	}
	if z, ok := zones[region]; ok {
		return z
	}
	return zones["us-east-1"]
}

// albHostedZoneID is the Route 53 zone id of Application Load Balancers per region (AWS General
// Reference, "Elastic Load Balancing endpoints"); unknown regions get us-east-1's.
func albHostedZoneID(region string) string {
	zones := map[string]string{
		"us-east-1": "Z35SXDOTRQ7X7K", "us-east-2": "Z3AADJGX6KTTL2", "us-west-2": "Z1H1FL5HABSF5",
		"eu-west-1": "Z32O12XQLNTSW2", "eu-central-1": "Z215JYRZR1TBD5", "ap-northeast-1": "Z14GRHDCWA56QT",
	}
	if z, ok := zones[region]; ok {
		return z
	}
	return zones["us-east-1"]
}
