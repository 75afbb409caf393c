// Package mailer is the client every Tsumiki service uses to send templated mail: it validates
// a mail, wraps it in a versioned envelope and enqueues it on the mail queue, from which the
// mailer service renders and sends it through SES v2.
package mailer
