// Command todo-api serves the todo REST API.
package main

func main() {}
