package offlineaws

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/tsumiki-dev/tsumiki/tools/internal/offlineaws/account"
)

// freshAccountCheck is what AWS needs to exist in the account before a resource can be created,
// or updated in the arguments named: on an empty account these are the failures a first apply
// meets. The check returns an error worded like the AWS API error the real provider reports.
type freshAccountCheck struct {
	// on lists the arguments whose change on update runs the check again (the API call that
	// applies them fails the same way).
	on    []string
	check func(state map[string]any, a *account.Account, cfg providerConfig) error
}

// freshAccountChecks hold the fresh-account check of each resource type that has one.
var freshAccountChecks = map[string]freshAccountCheck{
	// CreateFunction, UpdateFunctionCode
	"aws_lambda_function": {on: []string{"s3_bucket", "s3_key"}, check: checkLambdaCode},
	// CreateService, UpdateService (a new task definition or tasks where there were none)
	"aws_ecs_service": {on: []string{"task_definition", "desired_count"}, check: checkServiceImages},
	// CreateListener, ModifyListener
	"aws_lb_listener": {on: []string{"certificate_arn"}, check: checkListenerCertificate},
	// the resource's waiter for ISSUED
	"aws_acm_certificate_validation": {check: checkCertificateValidation},
	// ChangeResourceRecordSets after reading the zone
	"aws_route53_record": {check: checkHostedZone},
}

// checkFreshAccount runs the fresh-account check of typeName, if it has one, on a create (prior
// nil) or an update that changes an argument the check names.
func checkFreshAccount(typeName string, prior, state map[string]any, a *account.Account, cfg providerConfig) error {
	c, ok := freshAccountChecks[typeName]
	if !ok {
		return nil
	}
	if prior != nil {
		changed := false
		for _, k := range c.on {
			changed = changed || !equalValues(prior[k], state[k])
		}
		if !changed {
			return nil
		}
	}
	return c.check(state, a, cfg)
}

// checkLambdaCode fails like CreateFunction when the function's code comes from an S3 object that
// does not exist in the account (neither an aws_s3_object of it nor an object seeded as uploaded).
func checkLambdaCode(state map[string]any, a *account.Account, _ providerConfig) error {
	bucket, _ := state["s3_bucket"].(string)
	key, _ := state["s3_key"].(string)
	if bucket == "" || key == "" {
		return nil
	}
	if objectExists(a, bucket, key) {
		return nil
	}
	code := "NoSuchKey"
	msg := "The specified key does not exist."
	if !bucketExists(a, bucket) {
		code, msg = "NoSuchBucket", "The specified bucket does not exist"
	}
	return fmt.Errorf("operation error Lambda: CreateFunction, InvalidParameterValueException: "+
		"Error occurred while GetObject. S3 Error Code: %s. S3 Error Message: %s "+
		"(offline account: nothing uploaded s3://%s/%s before the function was created)", code, msg, bucket, key)
}

// objectExists reports whether s3://bucket/key exists: an aws_s3_object resource or a seeded one.
func objectExists(a *account.Account, bucket, key string) bool {
	if a.HasObject(bucket, key) {
		return true
	}
	for _, id := range a.ResourceIDs("aws_s3_object") {
		r, _ := a.Resource("aws_s3_object", id)
		if r["bucket"] == bucket && r["key"] == key {
			return true
		}
	}
	return false
}

func bucketExists(a *account.Account, bucket string) bool {
	if _, err := a.Resource("aws_s3_bucket", bucket); err == nil {
		return true
	}
	return len(a.Objects[bucket]) > 0
}

// ecrImage matches an image of a private ECR repository: <account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>.
var ecrImage = regexp.MustCompile(`^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com/([^:@]+):([^@]+)$`)

// checkServiceImages fails an ECS service that should run tasks (desired_count > 0) when a
// container image of its task definition is a tag of this account's ECR that was never pushed.
// The real CreateService succeeds, but its tasks stop with CannotPullContainerError and the
// service never becomes stable; the offline provider reports it at apply so that it is seen.
func checkServiceImages(state map[string]any, a *account.Account, cfg providerConfig) error {
	if n, ok := state["desired_count"].(json.Number); !ok || n.String() == "0" {
		return nil
	}
	td, _ := state["task_definition"].(string)
	def := findTaskDefinition(a, td)
	if def == nil {
		return nil
	}
	var containers []struct {
		Name  string `json:"name"`
		Image string `json:"image"`
	}
	text, _ := def["container_definitions"].(string)
	if err := json.Unmarshal([]byte(text), &containers); err != nil {
		return nil //nolint:nilerr // an invalid document is the API's to reject, not this check's
	}
	for _, c := range containers {
		m := ecrImage.FindStringSubmatch(c.Image)
		if m == nil || m[1] != cfg.accountID || m[2] != cfg.region {
			continue
		}
		if !a.HasImage(m[3], m[4]) {
			return fmt.Errorf("ECS service %v: tasks cannot start: CannotPullContainerError: pull image manifest has been "+
				"retried 5 time(s): failed to resolve ref %s: %s: not found (offline account: no image tagged %q "+
				"was pushed to ECR repository %q; the service would never reach its desired count)",
				state["name"], c.Image, c.Image, m[4], m[3])
		}
	}
	return nil
}

// findTaskDefinition finds a task definition by ARN, family:revision or family (latest).
func findTaskDefinition(a *account.Account, ref string) map[string]any {
	var best map[string]any
	var bestRev int64
	for _, id := range a.ResourceIDs("aws_ecs_task_definition") {
		r, _ := a.Resource("aws_ecs_task_definition", id)
		rev, _ := r["revision"].(json.Number).Int64()
		family, _ := r["family"].(string)
		if r["arn"] == ref || fmt.Sprintf("%s:%d", family, rev) == ref {
			return r
		}
		if family == ref && rev > bestRev {
			best, bestRev = r, rev
		}
	}
	return best
}

// checkListenerCertificate fails like CreateListener when certificate_arn is not an ISSUED ACM
// certificate of the account.
func checkListenerCertificate(state map[string]any, a *account.Account, _ providerConfig) error {
	arn, _ := state["certificate_arn"].(string)
	if arn == "" {
		return nil
	}
	status, ok := certificateStatus(a, arn)
	if !ok {
		return fmt.Errorf("operation error Elastic Load Balancing v2: CreateListener, CertificateNotFound: "+
			"Certificate '%s' not found (offline account: no such ACM certificate)", arn)
	}
	if status != account.CertificateIssued {
		return fmt.Errorf("operation error Elastic Load Balancing v2: CreateListener, UnsupportedCertificate: "+
			"The certificate '%s' must have a fully-qualified domain name, a supported signature, and a supported key size. "+
			"(offline account: the certificate's status is %s, not %s)", arn, status, account.CertificateIssued)
	}
	return nil
}

// certificateStatus returns the status of an ACM certificate of the account.
func certificateStatus(a *account.Account, arn string) (string, bool) {
	if s, ok := a.Certificates[arn]; ok {
		return s, true
	}
	r, err := a.Resource("aws_acm_certificate", arn)
	if err != nil {
		return "", false
	}
	s, _ := r["status"].(string)
	return s, true
}

// checkCertificateValidation fails like the real resource's waiter when the DNS validation
// records of the certificate do not exist as aws_route53_record resources of the account.
func checkCertificateValidation(state map[string]any, a *account.Account, _ providerConfig) error {
	arn, _ := state["certificate_arn"].(string)
	cert, err := a.Resource("aws_acm_certificate", arn)
	if err != nil {
		if status, ok := a.Certificates[arn]; ok && status == account.CertificateIssued {
			return nil
		}
		return fmt.Errorf("reading ACM Certificate (%s): couldn't find resource (offline account: no such certificate)", arn)
	}
	if cert["status"] == account.CertificateIssued {
		return nil
	}
	var missing []string
	for _, o := range asList(cert["domain_validation_options"]) {
		opt := asObject(o)
		name, _ := opt["resource_record_name"].(string)
		typ, _ := opt["resource_record_type"].(string)
		value, _ := opt["resource_record_value"].(string)
		if !recordExists(a, name, typ, value) {
			missing = append(missing, fmt.Sprintf("%s %s %s", name, typ, value))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("waiting for ACM Certificate (%s) to be issued: timeout while waiting for state to become "+
			"'ISSUED' (last state: 'PENDING_VALIDATION', timeout: 1h15m0s) (offline account: no Route 53 record %s)",
			arn, strings.Join(missing, ", "))
	}
	return nil
}

// recordExists reports whether an aws_route53_record of the account has the name (trailing dot
// ignored), type and value.
func recordExists(a *account.Account, name, typ, value string) bool {
	for _, id := range a.ResourceIDs("aws_route53_record") {
		r, _ := a.Resource("aws_route53_record", id)
		rn, _ := r["name"].(string)
		if !strings.EqualFold(strings.TrimSuffix(rn, "."), strings.TrimSuffix(name, ".")) || r["type"] != typ {
			continue
		}
		for _, v := range stringList(r["records"]) {
			if strings.TrimSuffix(v, ".") == strings.TrimSuffix(value, ".") {
				return true
			}
		}
	}
	return false
}

// checkHostedZone fails like ChangeResourceRecordSets when the record's zone does not exist.
func checkHostedZone(state map[string]any, a *account.Account, _ providerConfig) error {
	zone, _ := state["zone_id"].(string)
	if zone == "" {
		return nil
	}
	if _, ok := a.HostedZones[zone]; ok {
		return nil
	}
	if _, err := a.Resource("aws_route53_zone", zone); err == nil {
		return nil
	}
	// internal/service/route53/record.go reads the zone before it changes the record set.
	return fmt.Errorf("reading Route 53 Hosted Zone (%s): couldn't find resource "+
		"(NoSuchHostedZone: No hosted zone found with ID: %s)", zone, zone)
}

// afterApply records the side effects of an apply on the rest of the account.
func afterApply(typeName string, state map[string]any, a *account.Account) {
	if typeName != "aws_acm_certificate_validation" {
		return
	}
	arn, _ := state["certificate_arn"].(string)
	if cert, err := a.Resource("aws_acm_certificate", arn); err == nil {
		cert["status"] = account.CertificateIssued
	}
}

func asList(g any) []any {
	l, _ := g.([]any)
	return l
}
