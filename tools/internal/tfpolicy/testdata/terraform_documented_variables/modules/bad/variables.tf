variable "none" {
  type = string
}

variable "empty" {
  type        = string
  description = ""
}
