// Package e2e holds Tsumiki's end-to-end tests, run by `make e2e` (part of `make test`):
//
//   - TestReminderPipeline runs the real binaries of todo-api, the todo-batch worker and the
//     mailer's local runner against the local platform (PostgreSQL and the AWS emulators), on a
//     fresh database and freshly named queues, table and bucket: a todo created through the API
//     turns into exactly one reminder mail in the local SES, also after the worker and the runner
//     restart; a malformed message on the mail queue lands in the dead-letter queue with a
//     reason while other mails keep flowing; the local mail page shows the reminder in headless
//     Chromium. Then three incidents each show up in the services' logs as the CloudWatch
//     metric (embedded metric format) its alarm watches: a reminder that missed its freshness
//     target (LateReminders), the dead-lettered message (MailsDeadLettered) and a 5xx burst
//     from a todo-api whose database lost its schema (ServerErrors).
//   - TestMakeDev runs `make dev` itself as a person would: it waits for the banner, runs the
//     printed curl, checks in headless Chromium that /docs shows every operation of the OpenAPI
//     spec and that the reminder for the curl's todo shows on the mail page, then presses Ctrl-C
//     and checks that no process of the platform is left.
//
// The tests are opt-in (TSUMIKI_E2E=1, which `make e2e` sets): they build every service, need
// Debian's chromium, and TestMakeDev takes the fixed local ports and stops the local
// dependencies when it ends, which must never happen in the middle of `make go/test`.
package e2e
