package main

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// The two kinds of types a schema holds, named as terraform's block types.
const (
	kindResource = "resource"
	kindData     = "data"
)

// typeKey is a resource type or data source.
type typeKey struct {
	kind, name string
}

// typeSet is a set of resource types and data sources.
type typeSet map[typeKey]bool

func (s typeSet) add(o typeSet) {
	for k := range o {
		s[k] = true
	}
}

// use is one type and the first file (relative to the root) that uses it.
type use struct {
	kind, name, file string
}

// usage maps every aws_ type the terraform uses to the files that use it.
type usage map[typeKey][]string

func (u usage) types() typeSet {
	s := typeSet{}
	for k := range u {
		s[k] = true
	}
	return s
}

// sorted lists each used type once, with the first file using it, by kind then name.
func (u usage) sorted() []use {
	out := make([]use, 0, len(u))
	for k, files := range u {
		out = append(out, use{kind: k.kind, name: k.name, file: files[0]})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].kind != out[j].kind {
			return out[i].kind < out[j].kind
		}
		return out[i].name < out[j].name
	})
	return out
}

// scanTerraform parses every *.tf under root/modules and root/terraform (skipping .terraform
// working directories) and collects the resource and data blocks of aws_ types.
func scanTerraform(root string) (usage, error) {
	u := usage{}
	parser := hclparse.NewParser()
	for _, top := range []string{"modules", "terraform"} {
		dir := filepath.Join(root, top)
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == ".terraform" {
					return filepath.SkipDir
				}
				return nil
			}
			if filepath.Ext(path) != ".tf" {
				return nil
			}
			f, diags := parser.ParseHCLFile(path)
			if diags.HasErrors() {
				return fmt.Errorf("parse %s: %w", path, diags)
			}
			body, ok := f.Body.(*hclsyntax.Body)
			if !ok {
				return fmt.Errorf("parse %s: not native HCL syntax", path)
			}
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return fmt.Errorf("relative path of %s: %w", path, err)
			}
			for _, b := range body.Blocks {
				if (b.Type != kindResource && b.Type != kindData) || len(b.Labels) == 0 || !strings.HasPrefix(b.Labels[0], "aws_") {
					continue
				}
				k := typeKey{kind: b.Type, name: b.Labels[0]}
				if files := u[k]; len(files) == 0 || files[len(files)-1] != rel {
					u[k] = append(files, rel)
				}
			}
			return nil
		})
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("scan %s: %w", dir, err)
		}
	}
	return u, nil
}

// readExtraTypes reads the extra types file: one `resource aws_x` or `data aws_x` a line,
// `#` comments and blank lines ignored.
func readExtraTypes(path string) (typeSet, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read extra types: %w", err)
	}
	defer f.Close()
	s := typeSet{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "#"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" {
			continue
		}
		parts := strings.Fields(line)
		if len(parts) != 2 || (parts[0] != kindResource && parts[0] != kindData) || !strings.HasPrefix(parts[1], "aws_") {
			return nil, fmt.Errorf("%s:%d: want `resource aws_<type>` or `data aws_<type>`, got %q", path, n, line)
		}
		s[typeKey{kind: parts[0], name: parts[1]}] = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read extra types: %w", err)
	}
	return s, nil
}
