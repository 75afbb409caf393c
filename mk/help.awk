# help.awk prints make targets grouped by their '##@ Area' headings, with each target's
# '## description'. With -v lint=1 it prints nothing but the public targets that lack a
# description, and exits 1 if there are any.
#
# A public target is a rule at the start of a line whose name starts with a lower-case letter
# (variables, pattern rules and .PHONY lines are not targets a person types).
BEGIN { FS = ":" ; bad = 0 }
/^##@ / {
	if (!lint) printf "\n\033[1m%s\033[0m\n", substr($0, 5)
	next
}
/^[a-z][a-zA-Z0-9_.\/-]*:/ {
	line = $0
	if (line ~ /^[^:]*:[ \t]*=/ || line ~ /^[^:]*::?=/) next   # variable assignment
	target = $1
	desc = ""
	i = index(line, "## ")
	if (i > 0) desc = substr(line, i + 3)
	if (lint) {
		if (desc == "") { printf "%s: target '%s' has no '## ' description\n", FILENAME, target; bad = 1 }
		next
	}
	if (desc != "") printf "  \033[36m%-26s\033[0m %s\n", target, desc
}
END { if (lint && bad) exit 1 }
