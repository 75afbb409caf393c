# tools.awk reads tools/pins/go.mod and prints one word per tool directive:
#   <VAR>|<name>|<package>|<version>
# name is the package's last path element (the binary go install writes), VAR the make variable
# holding its path (name upper-cased, - as _: govulncheck -> GOVULNCHECK), version the one
# the go.mod requires of the module that holds the package (the longest module path prefixing
# it). mk/tools.mk defines the tool variables and rules from these words.

# strip drops a trailing // comment and surrounding space.
function strip(s) {
	sub(/[ \t]*\/\/.*$/, "", s)
	gsub(/^[ \t]+|[ \t]+$/, "", s)
	return s
}

{ line = strip($0) }
line == "" { next }
block == "" && line ~ /^(tool|require)[ \t]*\($/ { block = substr(line, 1, index(line, "(") - 1); sub(/[ \t]+$/, "", block); next }
block != "" && line == ")" { block = ""; next }
block == "tool" { tools[++n] = line; next }
block == "require" { split(line, f, /[ \t]+/); version[f[1]] = f[2]; next }
line ~ /^tool[ \t]/ { split(line, f, /[ \t]+/); tools[++n] = f[2]; next }
line ~ /^require[ \t]/ { split(line, f, /[ \t]+/); version[f[2]] = f[3]; next }

END {
	if (n == 0) { print "tools.awk: " FILENAME " has no tool directives" > "/dev/stderr"; exit 1 }
	for (i = 1; i <= n; i++) {
		pkg = tools[i]
		best = ""
		for (m in version)
			if ((pkg == m || index(pkg, m "/") == 1) && length(m) > length(best)) best = m
		if (best == "") { print "tools.awk: no requirement holds tool " pkg " in " FILENAME > "/dev/stderr"; exit 1 }
		name = pkg
		sub(/.*\//, "", name)
		var = toupper(name)
		gsub(/-/, "_", var)
		print var "|" name "|" pkg "|" version[best]
	}
}
