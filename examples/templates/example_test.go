package templates_test

import (
	"fmt"
	"os"
	"time"

	"github.com/tsumiki-dev/tsumiki/examples/templates"
)

// reminder holds a title with markup in it, as a user might type it.
var reminder = templates.Reminder{
	Name: "Alice",
	Todos: []templates.Todo{
		{Title: "Buy milk", Due: time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC), URL: "https://todo.example/t/1"},
		{Title: `<script>alert("hi")</script>`, Due: time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC), URL: "javascript:alert(1)"},
	},
}

func ExampleRenderText() {
	if err := templates.RenderText(os.Stdout, reminder); err != nil {
		fmt.Println(err)
	}
	// Output:
	// Hello Alice,
	//
	// - Buy milk (due 2026-12-04)
	// - <script>alert("hi")</script> (due 2026-12-05)
}

// html/template escapes the title as text and refuses the javascript: URL (#ZgotmplZ).
func ExampleRenderHTML() {
	if err := templates.RenderHTML(os.Stdout, reminder); err != nil {
		fmt.Println(err)
	}
	// Output:
	// <p>Hello Alice,</p>
	// <ul>
	// <li><a href="https://todo.example/t/1">Buy milk</a> (due 2026-12-04)</li>
	// <li><a href="#ZgotmplZ">&lt;script&gt;alert(&#34;hi&#34;)&lt;/script&gt;</a> (due 2026-12-05)</li>
	// </ul>
}
