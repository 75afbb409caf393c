module github.com/tsumiki-dev/tsumiki/services/mailer

go 1.26
