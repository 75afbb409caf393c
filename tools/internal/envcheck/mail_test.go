package envcheck_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/envcheck"
	"github.com/tsumiki-dev/tsumiki/tools/internal/localcloud"
	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
)

// mailClient is the package a service must build with to enqueue mail.
const mailClient = "github.com/tsumiki-dev/tsumiki/libs/mailer"

// mailQueueGrant is how a stack names the mail queue in a grant: the mailer stack's output.
const mailQueueGrant = "data.terraform_remote_state.mailer.outputs.queue_arn"

// TestMailProducers holds the code, the terraform and the docs to one fact: a service sends
// mail exactly when its command builds with libs/mailer. Then, and only then, its stack grants
// it the mail queue, and the diagrams of README.md and design-docs/ draw it sending to the
// mail queue (issue 15 found todo-api granted and drawn sending welcome mail it never sent).
// MAIL_QUEUE_URL itself is covered by TestStacksSetOnlyWhatServicesRead.
func TestMailProducers(t *testing.T) {
	t.Parallel()
	root := repoRoot(t)
	services, err := svcdef.Load(root)
	require.NoError(t, err)
	deps, err := envcheck.ServiceDeps(root)
	require.NoError(t, err)
	drawn := drawnMailProducers(t, root)

	var producers []string
	for _, s := range services {
		if s.Name == localcloud.MailService {
			continue // the consumer: it reads envelopes with libs/mailer, it does not enqueue
		}
		sends := slices.Contains(deps[s.Name], mailClient)
		if sends {
			producers = append(producers, s.Name)
		}
		stack, err := os.ReadFile(filepath.Join(root, "terraform", "stacks", s.Stack, "main.tf"))
		require.NoError(t, err)
		assert.Equal(t, sends, strings.Contains(string(stack), mailQueueGrant),
			"%s builds with libs/mailer: %v; terraform/stacks/%s grants the mail queue (%s): %v", s.Name, sends, s.Stack, mailQueueGrant, !sends)
		for _, where := range drawn[s.Name] {
			assert.True(t, sends, "%s draws %s sending mail, but its command does not build with libs/mailer", where, s.Name)
		}
	}
	require.Contains(t, producers, "todo-batch", "the reminders' sender is found, so the check can see a producer")
	require.NotEmpty(t, drawn["todo-batch"], "the reminders' arrow is found, so the check can read the diagrams")
	require.NotContains(t, producers, "todo-api", "todo-api sends no mail (issue 15's decision)")
}

var (
	mermaidBlock = regexp.MustCompile("(?s)```mermaid\n(.*?)```")
	// mermaidNode is a node with its label: id[...], id([...]), id[[...]], id[(...)], id((...)).
	mermaidNode = regexp.MustCompile(`([A-Za-z_][\w-]*)(?:\[\[|\(\[|\[\(|\(\(|\[|\()([^\]\)]*)`)
	mermaidEdge = regexp.MustCompile(`-->\|[^|]*\||-\.[^.>]*\.->|-\.?->|==>`)
)

// drawnMailProducers returns, per service name, the files whose mermaid diagrams draw an edge
// from a node labelled with that name into the mail queue (a node whose label says "mail
// queue").
func drawnMailProducers(t *testing.T, root string) map[string][]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(root, "design-docs", "*.md"))
	require.NoError(t, err)
	files = append(files, filepath.Join(root, "README.md"))
	services, err := svcdef.Load(root)
	require.NoError(t, err)
	out := map[string][]string{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		require.NoError(t, err)
		rel, _ := filepath.Rel(root, f)
		for _, block := range mermaidBlock.FindAllStringSubmatch(string(raw), -1) {
			labels := map[string]string{}
			for _, m := range mermaidNode.FindAllStringSubmatch(block[1], -1) {
				if _, ok := labels[m[1]]; !ok || labels[m[1]] == "" {
					labels[m[1]] = m[2]
				}
			}
			for line := range strings.SplitSeq(block[1], "\n") {
				parts := mermaidEdge.Split(line, -1)
				for i := 0; i+1 < len(parts); i++ {
					target := firstID(parts[i+1])
					if !strings.Contains(strings.ToLower(labels[target]), "mail queue") {
						continue
					}
					for src := range strings.SplitSeq(parts[i], "&") {
						label := labels[firstID(src)]
						for _, s := range services {
							if strings.Contains(label, s.Name) {
								out[s.Name] = append(out[s.Name], rel)
							}
						}
					}
				}
			}
		}
	}
	return out
}

var idPrefix = regexp.MustCompile(`^\s*([A-Za-z_][\w-]*)`)

// firstID is the node id a piece of an edge line starts with.
func firstID(s string) string {
	m := idPrefix.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return m[1]
}

// TestDrawnMailProducers checks the diagram reading on the shapes the docs use.
func TestDrawnMailProducers(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "design-docs"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(root, "services", "todo-api"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "services", "todo-api", "service.yaml"), []byte(
		"name: todo-api\nkind: http\ndescription: x\nowners: [\"@o/t\"]\nstack: todo-api\ncommand: todo-api\nlocal:\n  args: [serve]\n  port_env: TODO_API_PORT\nmigrations: \"\"\nreads: []\n"), 0o644))
	doc := "```mermaid\nflowchart LR\n  api[todo-api<br/>echo] --> db[(PostgreSQL)]\n  w1[worker] & api -->|libs/mailer| q[[SQS mail queue]]\n```\n"
	require.NoError(t, os.WriteFile(filepath.Join(root, "design-docs", "x.md"), []byte(doc), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(root, "README.md"), []byte("no diagram\n"), 0o644))
	got := drawnMailProducers(t, root)
	require.Equal(t, map[string][]string{"todo-api": {"design-docs/x.md"}}, got)
}
