package mailer

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"net/url"
	"slices"
	"strings"
	"sync"
	texttemplate "text/template"
	"time"
	_ "time/tzdata" // TodoDueReminder.TimeZone must load on Lambda images without zoneinfo.
)

// Template is a mail template together with the data it renders: one typed value per template
// (Welcome, TodoDueReminder), so a missing field is a compile error or a Validate error, never
// a blank in a sent mail. The set of templates is closed: they live in this package.
type Template interface {
	// TemplateName returns the template's stable name, as written in the envelope
	// ("welcome", "todo_due_reminder").
	TemplateName() string
	// Validate reports every missing or invalid field, joined, each naming the field.
	Validate() error

	// template seals the interface: only this package defines templates, because only it
	// ships their subject, HTML and text parts.
	template()
}

// Content is a rendered mail: the subject and both bodies.
type Content struct {
	// Subject is the mail's subject line, one line of plain text.
	Subject string
	// HTML is the HTML body, the shared layout around the template's part.
	HTML string
	// Text is the plain-text body, the shared layout around the template's part.
	Text string
}

// Welcome greets a new user. Template name "welcome".
type Welcome struct {
	// RecipientName is how the mail addresses the user, e.g. "Aiko". Required.
	RecipientName string `json:"recipient_name"`
	// SignInURL is the absolute http(s) URL of the sign-in page. Required.
	SignInURL string `json:"sign_in_url"`
}

// TemplateName returns "welcome".
func (Welcome) TemplateName() string { return "welcome" }

// Validate reports a missing recipient name or a missing or non-absolute sign-in URL.
func (w Welcome) Validate() error {
	return errors.Join(
		requireText("welcome.recipient_name", w.RecipientName),
		requireURL("welcome.sign_in_url", w.SignInURL, true),
	)
}

func (Welcome) template() {}

// MaxDueTodos is the most todos one TodoDueReminder lists; callers split longer lists.
const MaxDueTodos = 100

// TodoDueReminder lists a user's todos that are due. Template name "todo_due_reminder".
type TodoDueReminder struct {
	// RecipientName is how the mail addresses the user. Required.
	RecipientName string `json:"recipient_name"`
	// TimeZone is the IANA zone the due times are shown in, e.g. "Asia/Tokyo". Empty means UTC.
	TimeZone string `json:"time_zone,omitempty"`
	// Todos are the due todos, in the order shown. Between 1 and MaxDueTodos.
	Todos []DueTodo `json:"todos"`
}

// DueTodo is one line of a TodoDueReminder.
type DueTodo struct {
	// ID is the todo's id; it is not shown, but lets the mail be traced back. Required.
	ID string `json:"id"`
	// Title is the todo's title as the user wrote it. Required.
	Title string `json:"title"`
	// DueAt is when the todo is due. Required (non-zero).
	DueAt time.Time `json:"due_at"`
	// URL is an absolute http(s) link to the todo. Optional.
	URL string `json:"url,omitempty"`
}

// TemplateName returns "todo_due_reminder".
func (TodoDueReminder) TemplateName() string { return "todo_due_reminder" }

// Validate reports a missing recipient name, an unknown time zone, no todos or more than
// MaxDueTodos, and each todo's missing id, title or due time or invalid URL.
func (r TodoDueReminder) Validate() error {
	errs := []error{requireText("todo_due_reminder.recipient_name", r.RecipientName)}
	if r.TimeZone != "" {
		if _, err := loadLocation(r.TimeZone); err != nil {
			errs = append(errs, &ValidationError{Field: "todo_due_reminder.time_zone", Problem: fmt.Sprintf("unknown time zone %q", r.TimeZone)})
		}
	}
	switch {
	case len(r.Todos) == 0:
		errs = append(errs, &ValidationError{Field: "todo_due_reminder.todos", Problem: "at least one todo is required"})
	case len(r.Todos) > MaxDueTodos:
		errs = append(errs, &ValidationError{Field: "todo_due_reminder.todos", Problem: fmt.Sprintf("%d todos, at most %d", len(r.Todos), MaxDueTodos)})
	}
	for i, td := range r.Todos {
		field := fmt.Sprintf("todo_due_reminder.todos[%d]", i)
		errs = append(errs,
			requireText(field+".id", td.ID),
			requireText(field+".title", td.Title),
			requireURL(field+".url", td.URL, false))
		if td.DueAt.IsZero() {
			errs = append(errs, &ValidationError{Field: field + ".due_at", Problem: "is required"})
		}
	}
	return errors.Join(errs...)
}

func (TodoDueReminder) template() {}

func requireText(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return &ValidationError{Field: field, Problem: "is required"}
	}
	return nil
}

func requireURL(field, v string, required bool) error {
	if v == "" {
		if required {
			return &ValidationError{Field: field, Problem: "is required"}
		}
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return &ValidationError{Field: field, Problem: "is not an absolute http(s) URL"}
	}
	return nil
}

//go:embed templates/*.tmpl
var templateFS embed.FS

// registered describes each template: how to decode its data and its parsed parts.
type registered struct {
	decode  func(json.RawMessage) (Template, error)
	subject *texttemplate.Template
	html    *htmltemplate.Template
	text    *texttemplate.Template
}

var registry = map[string]*registered{
	Welcome{}.TemplateName():         register[Welcome](Welcome{}.TemplateName()),
	TodoDueReminder{}.TemplateName(): register[TodoDueReminder](TodoDueReminder{}.TemplateName()),
}

var funcs = map[string]any{
	// dueAt formats a due time in the template's zone (validated before rendering).
	"dueAt": func(t time.Time, zone string) (string, error) {
		loc, err := loadLocation(zone)
		if err != nil {
			return "", fmt.Errorf("load time zone %q: %w", zone, err)
		}
		return t.In(loc).Format("Mon 2 Jan 2006 15:04 MST"), nil
	},
}

// locations caches time zones: time.LoadLocation parses the zone data on every call, which
// dominated the render time of a reminder.
var locations sync.Map // zone name -> *time.Location

// loadLocation returns the named IANA zone, UTC for "".
func loadLocation(zone string) (*time.Location, error) {
	if zone == "" {
		return time.UTC, nil
	}
	if l, ok := locations.Load(zone); ok {
		return l.(*time.Location), nil
	}
	l, err := time.LoadLocation(zone)
	if err != nil {
		return nil, err
	}
	locations.Store(zone, l)
	return l, nil
}

// register parses a template's parts at start-up; a broken embedded template panics in every
// test, so it never ships.
func register[T Template](name string) *registered {
	subject := texttemplate.Must(texttemplate.New(name).Option("missingkey=error").
		ParseFS(templateFS, "templates/"+name+".subject.tmpl"))
	html := htmltemplate.Must(htmltemplate.New(name).Option("missingkey=error").Funcs(funcs).
		ParseFS(templateFS, "templates/layout.html.tmpl", "templates/"+name+".subject.tmpl", "templates/"+name+".html.tmpl"))
	text := texttemplate.Must(texttemplate.New(name).Option("missingkey=error").Funcs(funcs).
		ParseFS(templateFS, "templates/layout.txt.tmpl", "templates/"+name+".txt.tmpl"))
	return &registered{
		decode: func(data json.RawMessage) (Template, error) {
			var v T
			if err := json.Unmarshal(data, &v); err != nil {
				return nil, fmt.Errorf("decode %s data: %w", name, err)
			}
			return v, nil
		},
		subject: subject, html: html, text: text,
	}
}

// TemplateNames returns the names of every template this package ships, sorted.
func TemplateNames() []string {
	names := make([]string, 0, len(registry))
	for name := range registry {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// Render validates t and renders its subject, HTML and text. Errors wrap ErrInvalidMail when
// the data is invalid and ErrUnknownTemplate for a template this package does not ship.
func Render(t Template) (Content, error) {
	if t == nil {
		return Content{}, &ValidationError{Field: "template", Problem: "is required"}
	}
	reg, ok := registry[t.TemplateName()]
	if !ok {
		return Content{}, fmt.Errorf("%w: %q", ErrUnknownTemplate, t.TemplateName())
	}
	if err := t.Validate(); err != nil {
		return Content{}, err
	}
	var subject, html, text bytes.Buffer
	if err := reg.subject.ExecuteTemplate(&subject, "subject", t); err != nil {
		return Content{}, fmt.Errorf("render %s subject: %w", t.TemplateName(), err)
	}
	if err := reg.html.ExecuteTemplate(&html, "layout", t); err != nil {
		return Content{}, fmt.Errorf("render %s html: %w", t.TemplateName(), err)
	}
	if err := reg.text.ExecuteTemplate(&text, "layout", t); err != nil {
		return Content{}, fmt.Errorf("render %s text: %w", t.TemplateName(), err)
	}
	return Content{
		// A subject is one line: newlines in the data (a todo title) must not reach the header.
		Subject: strings.Join(strings.Fields(subject.String()), " "),
		HTML:    html.String(),
		Text:    text.String(),
	}, nil
}

// Sample returns the named template filled with sample data, for previews and benchmarks.
// It returns an error wrapping ErrUnknownTemplate for a name not in TemplateNames.
func Sample(name string) (Template, error) {
	due := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	switch name {
	case Welcome{}.TemplateName():
		return Welcome{RecipientName: "Aiko", SignInURL: "https://app.tsumiki.dev/sign-in"}, nil
	case TodoDueReminder{}.TemplateName():
		return TodoDueReminder{
			RecipientName: "Aiko",
			TimeZone:      "Asia/Tokyo",
			Todos: []DueTodo{
				{ID: "0193a1f0-0000-7000-8000-000000000001", Title: "Renew the passport", DueAt: due, URL: "https://app.tsumiki.dev/todos/0193a1f0-0000-7000-8000-000000000001"},
				{ID: "0193a1f0-0000-7000-8000-000000000002", Title: "Send the <quarterly> report & slides", DueAt: due.Add(26 * time.Hour)},
				{ID: "0193a1f0-0000-7000-8000-000000000003", Title: "Book the dentist", DueAt: due.Add(50 * time.Hour)},
			},
		}, nil
	}
	return nil, fmt.Errorf("%w: %q (known: %s)", ErrUnknownTemplate, name, strings.Join(TemplateNames(), ", "))
}
