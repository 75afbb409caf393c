variable "key" {
  type        = string
  description = "Unknown until planned: its key is not compared."
}
