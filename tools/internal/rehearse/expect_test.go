package rehearse

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const exampleList = `# comment
stg/mailer apply | the S3 object does not exist | issue 12 item 4: nothing uploads the artifact

prd/bootstrap apply | Backend configuration changed | issue 12 item 2: needs -reconfigure
*/todo-api apply | Invalid count argument | count from an unknown ARN
`

func TestParseExpectations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		input   string
		want    []string
		wantErr string
	}{
		{name: "StepsInOrder", input: exampleList, want: []string{"stg/mailer apply", "prd/bootstrap apply", "*/todo-api apply"}},
		{name: "TwoFieldsIsAnError", input: "stg/mailer apply | text\n", wantErr: "list.txt:1: want <step> | <text the output contains> | <reason>"},
		{name: "EmptyFieldIsAnError", input: "stg/mailer apply |  | why\n", wantErr: "list.txt:1: step, text and reason must all be set"},
		{name: "RepeatedStepIsAnError", input: "a | b | c\na | d | e\n", wantErr: `list.txt:2: step "a" is already listed on line 1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			got, err := ParseExpectations("list.txt", strings.NewReader(tt.input))

			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			var steps []string
			for _, x := range got.All() {
				steps = append(steps, x.Step)
			}
			require.Equal(t, tt.want, steps)
		})
	}
}

func TestExpectations_Judge(t *testing.T) {
	t.Parallel()
	failed := errors.New("exit status 2")
	tests := []struct {
		name       string
		step       string
		runErr     error
		output     string
		wantListed bool
		wantErr    string
	}{
		{name: "UnlistedPass", step: "stg/network apply"},
		{name: "UnlistedFailure", step: "stg/network apply", runErr: failed, wantErr: "stg/network apply failed: exit status 2"},
		{name: "ExpectedFailure", step: "stg/mailer apply", runErr: failed, output: "Error: the S3 object does not exist\n", wantListed: true},
		{name: "ExpectedFailureWithAnotherMessage", step: "stg/mailer apply", runErr: failed, output: "Error: timeout\n", wantListed: true,
			wantErr: `stg/mailer apply failed, but not as list.txt:2 expects (output lacks "the S3 object does not exist")`},
		{name: "EveryEnvironment", step: "prd/todo-api apply", runErr: failed, output: "Error: Invalid count argument", wantListed: true},
		{name: "EveryEnvironmentOnlyThatStep", step: "prd/todo-api second plan is empty", runErr: failed, wantErr: "prd/todo-api second plan is empty failed"},
		{name: "EveryEnvironmentThatPasses", step: "stg/todo-api apply", wantListed: true, wantErr: "stg/todo-api apply passed, but list.txt:5 lists it"},
		{name: "ExpectedFailureThatPasses", step: "stg/mailer apply", wantListed: true,
			wantErr: "stg/mailer apply passed, but list.txt:2 lists it as an expected failure (issue 12 item 4: nothing uploads the artifact); it is fixed: remove that line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			list, err := ParseExpectations("list.txt", strings.NewReader(exampleList))
			require.NoError(t, err)

			x, err := list.Judge(tt.step, tt.runErr, tt.output)

			require.Equal(t, tt.wantListed, x != nil)
			if tt.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, ErrUnexpected)
			require.ErrorContains(t, err, tt.wantErr)
		})
	}
}

func TestExpectations_Unseen(t *testing.T) {
	t.Parallel()
	list, err := ParseExpectations("list.txt", strings.NewReader(exampleList))
	require.NoError(t, err)

	_, err = list.Judge("stg/mailer apply", errors.New("exit status 2"), "the S3 object does not exist")
	require.NoError(t, err)

	unseen := list.Unseen()
	require.Len(t, unseen, 2)
	require.Equal(t, "prd/bootstrap apply", unseen[0].Step)
	require.Equal(t, `expected failure: prd/bootstrap apply: issue 12 item 2: needs -reconfigure (output has "Backend configuration changed")`, unseen[0].String())
}
