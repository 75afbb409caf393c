variable "untyped" {
  description = "Has no type."
}
