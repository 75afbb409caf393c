variable "Unused_Input" {
  type        = string
  description = "Input."
}
