package tfpolicy

import (
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// checkListenerCertificate requires every HTTPS or TLS listener to take its certificate from an
// aws_acm_certificate_validation in the same configuration. A certificate ARN passed in as a
// variable must already exist and be issued in the account, which nothing checks before the
// apply fails (ELB: CertificateNotFound); the validation resource waits until ACM has issued
// the certificate it manages.
func checkListenerCertificate(r *Repo) []Finding {
	const id = "listener-certificate"
	var out []Finding
	for _, d := range r.SortedDirs() {
		for _, b := range d.Of("resource", "aws_lb_listener") {
			if b.Allows(id) {
				continue
			}
			protocol, _ := literalString(b.Body, "protocol")
			if protocol != "HTTPS" && protocol != "TLS" {
				continue
			}
			attr, ok := b.Body.Attributes["certificate_arn"]
			if !ok {
				out = append(out, finding(id, b, b.DefRange(), "%s is %s without certificate_arn", b.Address(), protocol))
				continue
			}
			validated := false
			for _, ref := range references(attr.Expr) {
				if strings.HasPrefix(ref, "aws_acm_certificate_validation.") {
					validated = true
				}
			}
			if !validated {
				out = append(out, finding(id, b, attr.SrcRange, "%s takes its certificate from outside; manage it (aws_acm_certificate with DNS validation) and use aws_acm_certificate_validation.<name>.certificate_arn, so the listener waits for an issued certificate", b.Address()))
			}
		}
	}
	return out
}

// replacedWhileInUse are resource types that get replaced while something still uses them (a
// target group behind a listener rule; a parameter group, whose family changes with every
// major version, behind a database), so the replacement must be created first.
var replacedWhileInUse = map[string]bool{"aws_lb_target_group": true, "aws_db_parameter_group": true}

// fixedNameAttributes are the arguments that give a resource a fixed cloud-side name, with the
// prefix argument that lets the provider generate a unique one instead.
var fixedNameAttributes = map[string]string{"name": "name_prefix", "bucket": "bucket_prefix", "identifier": "identifier_prefix"}

// hasCreateBeforeDestroy reports whether a resource sets lifecycle create_before_destroy = true.
func hasCreateBeforeDestroy(b *hclsyntax.Block) bool {
	for _, lc := range nestedBlocks(b.Body, "lifecycle") {
		if v, ok := literalBool(lc.Body, "create_before_destroy"); ok && v {
			return true
		}
	}
	return false
}

// checkReplaceBeforeDestroy: a resource created before its predecessor is destroyed cannot
// reuse its name (the create fails: the name is taken), so it needs a generated name; the
// types replaced while in use need create_before_destroy; and a database whose parameter group
// is replaced on a major version change must be allowed to make that upgrade.
func checkReplaceBeforeDestroy(r *Repo) []Finding {
	const id = "replace-before-destroy"
	var out []Finding
	for _, d := range r.SortedDirs() {
		for _, b := range d.Of("resource") {
			if b.Allows(id) {
				continue
			}
			cbd := hasCreateBeforeDestroy(b.Block)
			if replacedWhileInUse[b.Labels[0]] && !cbd {
				out = append(out, finding(id, b, b.DefRange(), "%s is replaced while still in use; add lifecycle { create_before_destroy = true } (and a name_prefix)", b.Address()))
			}
			if cbd {
				for attr, prefix := range fixedNameAttributes {
					if a, ok := b.Body.Attributes[attr]; ok && (nameAttributes[attr] == nil || contains(nameAttributes[attr], b.Labels[0])) {
						out = append(out, finding(id, b, a.SrcRange, "%s has create_before_destroy and a fixed %s: the replacement cannot be created while the old one holds the name; use %s", b.Address(), attr, prefix))
					}
				}
			}
			if b.Labels[0] == "aws_db_instance" {
				pg, ok := b.Body.Attributes["parameter_group_name"]
				if !ok || !refersToType(pg.Expr, "aws_db_parameter_group") {
					continue
				}
				if v, ok := literalBool(b.Body, "allow_major_version_upgrade"); !ok || !v {
					out = append(out, finding(id, b, b.DefRange(), "%s uses a parameter group of one major version's family; set allow_major_version_upgrade = true so the upgrade that replaces the group can run", b.Address()))
				}
			}
		}
	}
	return out
}

// refersToType reports whether expr refers to a resource of the type.
func refersToType(expr hclsyntax.Expression, typ string) bool {
	for _, ref := range references(expr) {
		if strings.HasPrefix(ref, typ+".") {
			return true
		}
	}
	return false
}

// openCIDRs are the destinations/sources that mean "the whole internet".
var openCIDRs = map[string]bool{"0.0.0.0/0": true, "::/0": true}

// checkOpenCIDR fails on security group rules to or from the whole internet: every such
// exception (a public load balancer's HTTPS ingress) carries a '# tfpolicy:allow open-cidr --
// reason' comment where reviewers and scanners read it. Workloads reach AWS through VPC
// endpoints and each other through security group references.
func checkOpenCIDR(r *Repo) []Finding {
	const id = "open-cidr"
	var out []Finding
	check := func(b *Block, body *hclsyntax.Body, what string) {
		for _, key := range []string{"cidr_ipv4", "cidr_ipv6", "cidr_blocks", "ipv6_cidr_blocks"} {
			attr, ok := body.Attributes[key]
			if !ok {
				continue
			}
			for _, v := range literalStrings(attr.Expr) {
				if openCIDRs[v] {
					out = append(out, finding(id, b, attr.SrcRange, "%s %s %s: limit it to what the workload needs (VPC endpoints, a security group, a prefix list), or record why with '# tfpolicy:allow %s -- reason' inside the block", b.Address(), what, v, id))
				}
			}
		}
	}
	for _, d := range r.SortedDirs() {
		for _, b := range d.Of("resource") {
			if b.Allows(id) {
				continue
			}
			switch b.Labels[0] {
			case "aws_vpc_security_group_egress_rule":
				check(b, b.Body, "allows egress to")
			case "aws_vpc_security_group_ingress_rule":
				check(b, b.Body, "allows ingress from")
			case "aws_security_group_rule":
				check(b, b.Body, "allows traffic with")
			case "aws_security_group":
				for _, nb := range nestedBlocks(b.Body, "egress") {
					check(b, nb.Body, "allows egress to")
				}
				for _, nb := range nestedBlocks(b.Body, "ingress") {
					check(b, nb.Body, "allows ingress from")
				}
			}
		}
	}
	return out
}

// checkLambdaPackage requires a Lambda function created from S3 to take s3_bucket and s3_key
// from an aws_s3_object of the same configuration: on a fresh account nothing else has
// uploaded the package yet, and CreateFunction fails on a missing object.
func checkLambdaPackage(r *Repo) []Finding {
	const id = "lambda-package"
	var out []Finding
	for _, d := range r.SortedDirs() {
		for _, b := range d.Of("resource", "aws_lambda_function") {
			if b.Allows(id) {
				continue
			}
			for _, key := range []string{"s3_bucket", "s3_key"} {
				attr, ok := b.Body.Attributes[key]
				if ok && !refersToType(attr.Expr, "aws_s3_object") {
					out = append(out, finding(id, b, attr.SrcRange, "%s takes %s from outside: nothing guarantees the package exists on a fresh account; upload one with an aws_s3_object (modules/lambda-function's placeholder) and refer to it", b.Address(), key))
				}
			}
		}
	}
	return out
}
