# help.awk prints `make help` and checks it (`make help/lint`). mk/help.mk passes every mk
# file and service Makefile, and these variables:
#
#   root      the repository root; file names are shown and checked relative to it
#   groups    the area headings in the order help prints them, separated by ';'. The entry
#             'services/*' stands for every services/<name>/Makefile, by name.
#   start     the targets of the 'Start here' group, printed first, separated by spaces
#   misplaced target=file pairs known to live outside their area's file (see mk/help.mk)
#   color     1: bold headings and cyan targets; 0: plain text
#   lint      1: print nothing but the problems below, one a line, and exit 1 if any
#   width     the column limit of a printed line (name and description)
#
# A file opens with a '##@ Area' heading; a public target is a rule at the start of a line whose
# name starts with a lower-case letter, and its description follows '## ' on the same line.
# help/lint reports:
#   - a public target without a description, or one whose help line is wider than width;
#   - a target outside the file of its area: area/verb lives in mk/<area>.mk or
#     services/<area>/Makefile, else next to the target named area (build/cross beside build);
#     bench/<x> may also live with x; a target without a slash lives in mk/<name>.mk when that
#     file exists (else anywhere: build, lint, apply);
#   - a heading missing from groups, an entry of groups no file declares, a service Makefile
#     whose heading is not its folder's name, a target before any heading;
#   - a 'Start here' target that does not exist, groups without 'Start here', and a misplaced
#     entry that is no longer true.
BEGIN {
	FS = ":"
	NAMEW = 20
	if (width == "") width = 100
	if (color == 1) { B = "\033[1m"; C = "\033[36m"; R = "\033[0m" } else { B = ""; C = ""; R = "" }
	ngroups = split(groups, order, ";")
	for (i = 1; i <= ngroups; i++) inorder[order[i]] = 1
	nstart = split(start, starts, " ")
	for (i = 1; i <= nstart; i++) isstart[starts[i]] = 1
	nmis = split(misplaced, mis, " ")
	for (i = 1; i <= nmis; i++) {
		j = index(mis[i], "=")
		misfile[substr(mis[i], 1, j - 1)] = substr(mis[i], j + 1)
	}
	for (i = 1; i < ARGC; i++) present[rel(ARGV[i])] = 1
	nprob = 0
}

# rel strips the repository root from a file name.
function rel(f) {
	if (root != "" && index(f, root "/") == 1) return substr(f, length(root) + 2)
	return f
}

# cols counts the columns of s: UTF-8 continuation bytes take none.
function cols(s) {
	gsub(/[\200-\277]/, "", s)
	return length(s)
}

function problem(msg) { problems[++nprob] = msg }

# service returns the folder name when f is services/<name>/Makefile, else "".
function service(f,   p) {
	if (f !~ /^services\/[^\/]+\/Makefile$/) return ""
	p = substr(f, 10)
	return substr(p, 1, index(p, "/") - 1)
}

# home says whether target t may live in file f (relative to the root).
function home(t, f,   n, area, rest) {
	n = index(t, "/")
	if (n == 0) return (("mk/" t ".mk") in present) ? f == "mk/" t ".mk" : 1
	area = substr(t, 1, n - 1)
	rest = substr(t, n + 1)
	if (f == "mk/" area ".mk" || f == "services/" area "/Makefile") return 1
	# build/cross lives next to build when no file is named after the area.
	if (!(("mk/" area ".mk") in present) && (area in tfile)) return f == tfile[area]
	return area == "bench" && (f == "mk/" rest ".mk" || f == "services/" rest "/Makefile")
}

# line formats one help line.
function line(t, d) { return sprintf("  %s%-" NAMEW "s%s %s", C, t, R, d) }

FNR == 1 { file = rel(FILENAME); group = "" }

/^##@ / {
	group = substr($0, 5)
	svc = service(file)
	if (svc != "") {
		if (group != svc) problem(file ": heading '" group "' must be the service's name '" svc "'")
		key = "service/" svc
	} else {
		if (!(group in inorder) || group == "Start here" || group == "services/*")
			problem(file ": group '" group "' is not in HELP_GROUPS (mk/help.mk); add it where it belongs in the order")
		key = "group/" group
	}
	declared[group] = 1
	if (!(key in seen)) { seen[key] = 1; heading[key] = group; if (svc != "") svcs[++nsvcs] = svc }
	curkey[file] = key
	next
}

/^[a-z][a-zA-Z0-9_.\/-]*:/ {
	i = index($0, "## ")
	pre = (i > 0) ? substr($0, 1, i - 1) : $0
	if (pre ~ /=/) next   # a variable assignment, or a target-specific one
	t = $1
	d = (i > 0) ? substr($0, i + 3) : ""
	if (group == "") problem(file ": target '" t "' comes before the file's '##@ Area' heading")
	if (d == "") { problem(file ": target '" t "' has no '## ' description"); next }
	if (cols(line(t, d)) > width + 0)
		problem(file ": target '" t "': help line is " cols(line(t, d)) " columns, over " width "; shorten its description")
	desc[t] = d
	tfile[t] = file
	targets[++ntargets] = t
	if (isstart[t]) next
	k = curkey[file]
	items[k] = items[k] line(t, d) "\n"
}

END {
	for (i = 1; i <= ntargets; i++) {
		t = targets[i]
		if (t in misfile) {
			if (misfile[t] != tfile[t] || home(t, tfile[t]))
				problem("mk/help.mk: HELP_MISPLACED lists " t "=" misfile[t] " but it is in " tfile[t] "; remove the entry")
			misseen[t] = 1
		} else if (!home(t, tfile[t])) {
			problem(tfile[t] ": target '" t "' belongs in the file of its area (mk/<area>.mk or services/<area>/Makefile)")
		}
	}
	for (i = 1; i <= nstart; i++)
		if (!(starts[i] in desc)) problem("mk/help.mk: HELP_START names '" starts[i] "', which is no described target")
	for (t in misfile)
		if (!(t in misseen)) problem("mk/help.mk: HELP_MISPLACED lists " t ", which no file defines; remove the entry")
	if (nstart > 0 && !("Start here" in inorder))
		problem("mk/help.mk: HELP_GROUPS lacks 'Start here', so the HELP_START targets would not show")
	for (i = 1; i <= ngroups; i++) {
		g = order[i]
		if (g != "Start here" && g != "services/*" && !(g in declared))
			problem("mk/help.mk: HELP_GROUPS lists '" g "', which no file declares; remove it")
	}
	if (lint) {
		for (i = 1; i <= nprob; i++) print problems[i]
		exit (nprob > 0 ? 1 : 0)
	}
	# Service folders sort by name, whatever order make included them in.
	for (i = 2; i <= nsvcs; i++)
		for (j = i; j > 1 && svcs[j - 1] > svcs[j]; j--) { s = svcs[j]; svcs[j] = svcs[j - 1]; svcs[j - 1] = s }
	for (i = 1; i <= nstart; i++) if (starts[i] in desc) items["start"] = items["start"] line(starts[i], desc[starts[i]]) "\n"
	heading["start"] = "Start here"
	for (i = 1; i <= ngroups; i++) {
		g = order[i]
		if (g == "Start here") {
			section("start")
		} else if (g == "services/*") {
			for (j = 1; j <= nsvcs; j++) section("service/" svcs[j])
		} else {
			section("group/" g)
			done["group/" g] = 1
		}
	}
	# A group missing from the order (help/lint fails on it) still shows, last.
	for (k in seen) if (k !~ /^service\// && !(k in done)) section(k)
}

# section prints one group, a blank line between groups; an empty group is left out.
function section(k) {
	if (items[k] == "") return
	printf "%s%s%s%s\n%s", (printed++ ? "\n" : ""), B, heading[k], R, items[k]
}
