package tfpolicy

import "strings"

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
