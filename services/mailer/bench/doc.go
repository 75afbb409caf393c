// Package bench holds the mail pipeline's benchmarks (`make bench/mailer`): enqueue throughput
// and queue calls per 1,000 mails with Send versus SendBatch, end-to-end mails per second
// through the local runner into the local SES, and template render time per mail. They print
// their figures and assert nothing about time; the one hard check is that the batch path needs
// at least 9 times fewer queue calls than one call per mail.
package bench
