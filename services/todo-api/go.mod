module github.com/tsumiki-dev/tsumiki/services/todo-api

go 1.26
