output "queueUrl" {
  description = "Queue URL."
  value       = aws_sqs_queue.my-queue.url
}
