// Package metrics is how Tsumiki's services publish metrics to CloudWatch without a scraper
// or an agent: records in the CloudWatch embedded metric format (EMF), written as JSON lines
// through the service's slog logging, from which CloudWatch Logs extracts the metrics.
//
// What a service emits is defined once, in services/<name>/observability.yaml (Spec, read by
// Parse and Load); the alarms (modules/slo-alarms) and dashboards read the same file.
package metrics
