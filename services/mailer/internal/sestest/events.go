package sestest

import (
	"crypto/rand"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// eventFiles are SES sending events as SES publishes them to SNS with event publishing: the
// shape of "Examples of event data that Amazon SES publishes to Amazon SNS"
// (https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-examples.html),
// with this platform's names and "{{RECIPIENT}}" where the recipient goes.
//
//go:embed testdata/*.json
var eventFiles embed.FS

// EventNames are the events Event knows.
var EventNames = []string{"bounce-permanent", "bounce-transient", "complaint", "reject"}

// Event returns the SES event called name (one of EventNames) about a mail to recipient, as
// the JSON SES publishes.
func Event(name, recipient string) (string, error) {
	b, err := eventFiles.ReadFile("testdata/" + name + ".json")
	if err != nil {
		return "", fmt.Errorf("ses event %q: %w; known: %s", name, err, strings.Join(EventNames, ", "))
	}
	quoted, err := json.Marshal(recipient)
	if err != nil {
		return "", fmt.Errorf("encode recipient: %w", err)
	}
	// The placeholder sits inside a JSON string: put the escaped value without its quotes.
	return strings.ReplaceAll(string(b), "{{RECIPIENT}}", string(quoted[1:len(quoted)-1])), nil
}

// SNSNotification wraps message (an SES event) the way SNS delivers it to an SQS subscription
// without raw message delivery: SNS's notification JSON, the event as a string in Message
// (https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html). The signature
// fields are present but not valid; the queue policy, not the signature, is what admits SNS.
func SNSNotification(topicARN, message string) (string, error) {
	var id [16]byte
	_, _ = rand.Read(id[:])
	h := hex.EncodeToString(id[:])
	msgID := h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
	region := ""
	if parts := strings.Split(topicARN, ":"); len(parts) > 3 {
		region = parts[3]
	}
	b, err := json.Marshal(map[string]string{
		"Type":             "Notification",
		"MessageId":        msgID,
		"TopicArn":         topicARN,
		"Message":          message,
		"Timestamp":        time.Now().UTC().Format("2006-01-02T15:04:05.000Z"),
		"SignatureVersion": "1",
		"Signature":        "bm90IGEgcmVhbCBzaWduYXR1cmU=",
		"SigningCertURL":   "https://sns." + region + ".amazonaws.com/SimpleNotificationService-0000000000000000000000.pem",
		"UnsubscribeURL":   "https://sns." + region + ".amazonaws.com/?Action=Unsubscribe&SubscriptionArn=" + topicARN + ":" + msgID,
	})
	if err != nil {
		return "", fmt.Errorf("encode sns notification: %w", err)
	}
	return string(b), nil
}
