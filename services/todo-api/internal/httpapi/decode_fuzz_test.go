package httpapi

import (
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/domain"
)

var decodeSeeds = []string{
	`{"title":"buy milk"}`,
	`{"title":"a","notes":"b","status":"done","due_at":"2027-01-31T09:00:00+09:00"}`,
	`{"title":"a","due_at":null}`,
	`{"status":"open"}`,
	`{}`,
	`[]`,
	`null`,
	``,
	`{"title":`,
	`{"title":5}`,
	`{"title":"a"} {}`,
	`{"title":"a","id":"0190c7c4-8a5e-7b7f-9c1e-3f0e5d6a7b8c"}`,
	`{"title":"\u0000"}`,
	`{"title":"\ud800"}`,
	`{"due_at":"0000-01-01T00:00:00Z"}`,
	`{"due_at":"9999-12-31T23:59:59.999999999Z"}`,
	`{"title":"a","title":"b"}`,
	`{"notes":{"nested":[1,2,3]}}`,
	"\xff\xfe{}",
}

// checkDecoded states what decoding promises for any input: no panic, and either a value the
// domain accepts or a KindInvalid error that names at least one field.
func checkDecoded(t *testing.T, body []byte, validate func() error, err error) {
	t.Helper()
	if err == nil {
		if verr := validate(); verr != nil {
			t.Fatalf("decoded %q into a value the domain rejects: %v", body, verr)
		}
		return
	}
	var derr *domain.Error
	if !errors.As(err, &derr) || derr.Kind != domain.KindInvalid || len(derr.Fields) == 0 {
		t.Fatalf("decoding %q: want a KindInvalid error naming fields, got %#v", body, err)
	}
	for _, f := range derr.Fields {
		if f.Field == "" || f.Reason == "" || !utf8.ValidString(f.Field) {
			t.Fatalf("decoding %q: field error without a usable field or reason: %+v", body, f)
		}
	}
}

func FuzzDecodeCreateTodo(f *testing.F) {
	for _, s := range decodeSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		in, err := decodeCreateTodo(body)
		checkDecoded(t, body, in.Validate, err)
	})
}

func FuzzDecodePatchTodo(f *testing.F) {
	for _, s := range decodeSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := decodePatchTodo(body)
		checkDecoded(t, body, p.Validate, err)
	})
}
