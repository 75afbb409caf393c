module "queue" {
  source = "../queue"

  # "name" is required but missing; "retention_seconds" is not an input.
  retention_seconds = 60
}

output "queue_arn" {
  description = "Not an output of the queue module."
  value       = module.queue.arn
}
