output "none" {
  value = 1
}

output "empty" {
  description = ""
  value       = 2
}

output "fine" {
  description = "Fine."
  value       = 3
}
