terraform {
  backend "s3" {
    use_lockfile = true
  }
}

output "url" {
  description = "Only staging publishes it."
  value       = "https://stg.example"
}
