package logging

import "regexp"

// AddressPattern matches an e-mail address in text, also inside JSON strings: a local part, @,
// and a domain whose last label is letters, so that module versions (x@v1.2.3) and user@host
// do not count. Logs must never carry one (design: no personal data in logs); logtest fails
// tests on it and RedactAddresses removes it from text that comes from elsewhere.
var AddressPattern = regexp.MustCompile(`[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}`)

// RedactedAddress replaces each address RedactAddresses removes.
const RedactedAddress = "<address>"

// RedactAddresses returns s with every e-mail address replaced by RedactedAddress: for text a
// service does not control and logs, such as a provider's error message that quotes the
// recipients it refused.
func RedactAddresses(s string) string {
	return AddressPattern.ReplaceAllString(s, RedactedAddress)
}
