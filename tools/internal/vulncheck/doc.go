// Package vulncheck judges govulncheck's findings for the shipped artifacts (each image's
// binary, the Lambda's bootstrap) against the reviewed acceptances in .govulncheck-accept.
// `make go/vuln` runs it through tools/cmd/vulncheck.
//
// # Findings
//
// [ReadFindings] reads the JSON stream of `govulncheck -mode binary -json` (protocol v1) and
// keeps the vulnerabilities whose vulnerable symbols are in the binary: the ones govulncheck's
// text output lists under "Symbol Results" and its exit code 3 stands for. Vulnerabilities
// only in a required module whose vulnerable code is not linked in are counted, not judged.
//
// # Acceptances
//
// [ParseAcceptances] reads .govulncheck-accept: one accepted advisory per line, as
//
//	GO-2026-6872  2027-03-31  why it does not hurt us and how it is mitigated
//
// (ID, the last day the acceptance holds, the reason); blank lines and lines starting with #
// are ignored. Every malformed line is reported at once, each error naming the file and line.
//
// # Verdict
//
// [Policy.Evaluate] fails on any finding that no acceptance covers, on an acceptance past its
// expiry date (even when nothing is found for it any more: the review is due) and on one that
// expires more than [MaxAcceptance] ahead. Findings in the Go standard library are fixed by a
// newer Go toolchain rather than a change here, so [StdlibWarn] only warns about them;
// [StdlibFail] (VULN_STDLIB=fail, the GitHub workflow) fails on them too.
package vulncheck
