// Package sestest reads the mail that the local SES v2 stand-in (aws-ses-v2-local) received,
// through its GET /store endpoint, so tests can check what was really sent.
package sestest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"
)

// Email is one mail as aws-ses-v2-local stores it.
type Email struct {
	MessageID   string   `json:"messageId"`
	From        string   `json:"from"`
	ReplyTo     []string `json:"replyTo"`
	Subject     string   `json:"subject"`
	Destination struct {
		To  []string `json:"to"`
		Cc  []string `json:"cc"`
		Bcc []string `json:"bcc"`
	} `json:"destination"`
	Body struct {
		HTML string `json:"html"`
		Text string `json:"text"`
	} `json:"body"`
}

// Emails returns every mail the stand-in at endpoint (AWS_ENDPOINT_URL_SESV2) holds.
func Emails(endpoint string) ([]Email, error) {
	resp, err := http.Get(endpoint + "/store")
	if err != nil {
		return nil, fmt.Errorf("get local ses store: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("get local ses store: status %s", resp.Status)
	}
	var store struct {
		Emails []Email `json:"emails"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&store); err != nil {
		return nil, fmt.Errorf("decode local ses store: %w", err)
	}
	return store.Emails, nil
}

// SentTo returns the mails whose To, Cc or Bcc holds addr exactly. Tests give each mail a
// unique recipient, since the stand-in is shared by every test.
func SentTo(t testing.TB, endpoint, addr string) []Email {
	t.Helper()
	all, err := Emails(endpoint)
	if err != nil {
		t.Fatalf("%v", err)
	}
	var out []Email
	for _, e := range all {
		if slices.Contains(e.Destination.To, addr) || slices.Contains(e.Destination.Cc, addr) || slices.Contains(e.Destination.Bcc, addr) {
			out = append(out, e)
		}
	}
	return out
}
