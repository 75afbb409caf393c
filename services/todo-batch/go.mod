module github.com/tsumiki-dev/tsumiki/services/todo-batch

go 1.26
