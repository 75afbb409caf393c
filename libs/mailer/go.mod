module github.com/tsumiki-dev/tsumiki/libs/mailer

go 1.26
