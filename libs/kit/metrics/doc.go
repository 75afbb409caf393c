// Package metrics is how Tsumiki's services publish metrics to CloudWatch without a scraper,
// a sidecar or an API call: records in the CloudWatch embedded metric format (EMF), written
// as JSON lines through the service's slog logging, from which CloudWatch Logs extracts the
// metrics (ECS tasks log through the awslogs driver; Lambda's standard output is enough).
//
// The format is the "Specification: Embedded metric format" of the Amazon CloudWatch User
// Guide (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
// a root object whose _aws member holds a Timestamp (milliseconds since the Unix epoch) and
// CloudWatchMetrics, an array of directives each naming a Namespace, Dimensions (an array of
// dimension sets, every one of which CloudWatch publishes) and Metrics (name and Unit); the
// dimension values and metric values are members of the root. The limits this package keeps
// (dimension keys per set, metrics per directive, values per metric array, units) are the
// constants below, each citing its source.
//
// What a service emits is defined once, in services/<name>/observability.yaml (Spec, read
// by Parse and Load): the code can only record metrics named there, with exactly the units
// and dimension sets given there; modules/slo-alarms and the dashboards read the same file.
//
// # Cost per request: aggregate, then flush
//
// The Emitter does not write one record per event. Recorder.Add takes a lock, looks the
// dimension values up in a map (an array key, no allocation) and adds to a sum (Count
// metrics) or appends a sample (durations). Encoding happens at Flush, every DefaultInterval
// (Emitter.Run), at the end of a Lambda invocation, or when a sample list reaches the 100
// values an EMF array may hold. Why:
//   - the hot path of todo-api stays a few hundred nanoseconds per request, with no JSON
//     encoding or reflection in it (its bench must stay within 0.85x of the bare baseline);
//   - CloudWatch Logs bills ingestion per byte: at 1,000 requests/s, one ~600-byte record per
//     request is about 1.5 TB a month, while one record per route and status class per 10 s
//     (plus one per 100 latency samples) is about a hundredth of that;
//   - nothing is lost: Count sums carry every event (alarms use the Sum statistic; a record's
//     SampleCount is the number of flushes, not of events), and every latency sample reaches
//     CloudWatch as a value of an array, so percentiles stay exact.
//
// The price is delay (at most one interval, well under an alarm's one-minute period) and
// what a crash loses (the current interval; Run flushes on a graceful stop). Count metrics
// are written even when 0, so an SLO's bad/total ratio always has both terms for a group that
// saw traffic; an idle service writes nothing, and its alarms treat missing data as good.
//
// Locally the same records are in the services' logs (make dev, the e2e tests), and
// ParseRecords and CheckEmitted read them back the way CloudWatch would.
package metrics
