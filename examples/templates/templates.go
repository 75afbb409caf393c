// Package templates renders one reminder twice, as plain text with text/template and as HTML
// with html/template, from the same data. html/template escapes every value for where it
// appears (element text, attribute, URL), so user input such as a todo's title can never
// inject markup; text/template escapes nothing and is for plain text only.
package templates

import (
	"fmt"
	htmltemplate "html/template"
	"io"
	texttemplate "text/template"
	"time"
)

// Todo is one line of a reminder.
type Todo struct {
	// Title is the user's text, shown as is in text and escaped in HTML.
	Title string
	// Due is when the todo is due, shown as a date (YYYY-MM-DD, UTC).
	Due time.Time
	// URL links to the todo in the web app.
	URL string
}

// Reminder is the data both templates render.
type Reminder struct {
	// Name is the recipient's display name.
	Name string
	// Todos are the todos due, in the order shown.
	Todos []Todo
}

// funcs are the helpers both templates use; the two packages share the FuncMap type's shape.
var funcs = map[string]any{
	"date": func(t time.Time) string { return t.UTC().Format(time.DateOnly) },
}

var textReminder = texttemplate.Must(texttemplate.New("reminder.txt").Funcs(funcs).Parse(
	`Hello {{.Name}},
{{range .Todos}}
- {{.Title}} (due {{date .Due}})
{{- else}}
Nothing is due.
{{- end}}
`))

var htmlReminder = htmltemplate.Must(htmltemplate.New("reminder.html").Funcs(funcs).Parse(
	`<p>Hello {{.Name}},</p>
<ul>
{{- range .Todos}}
<li><a href="{{.URL}}">{{.Title}}</a> (due {{date .Due}})</li>
{{- end}}
</ul>
`))

// RenderText writes the plain-text reminder to w. It returns the template's execution error,
// wrapped.
func RenderText(w io.Writer, r Reminder) error {
	if err := textReminder.Execute(w, r); err != nil {
		return fmt.Errorf("render text reminder: %w", err)
	}
	return nil
}

// RenderHTML writes the HTML reminder to w, every value escaped for its context. It returns
// the template's execution error, wrapped.
func RenderHTML(w io.Writer, r Reminder) error {
	if err := htmlReminder.Execute(w, r); err != nil {
		return fmt.Errorf("render html reminder: %w", err)
	}
	return nil
}
