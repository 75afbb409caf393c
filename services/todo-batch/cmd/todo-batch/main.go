// Command todo-batch runs todo background jobs on a PostgreSQL job queue.
package main

func main() {}
