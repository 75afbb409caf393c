package main

import (
	"archive/tar"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/tsumiki-dev/tsumiki/tools/internal/awsschema"
)

// packageFiles reads files of the package by their path inside it (package.json,
// lib/sqs-queue/index.js).
type packageFiles func(name string) ([]byte, error)

// openPackage opens an extracted package directory, or reads the wanted files out of the .tgz
// `npm pack` writes (entries under package/), without extracting the rest.
func openPackage(src string, want []string) (packageFiles, error) {
	info, err := os.Stat(src)
	if err != nil {
		return nil, fmt.Errorf("open package: %w", err)
	}
	if info.IsDir() {
		return func(name string) ([]byte, error) {
			return os.ReadFile(filepath.Join(src, filepath.FromSlash(name)))
		}, nil
	}
	f, err := os.Open(src)
	if err != nil {
		return nil, fmt.Errorf("open package: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("open package %s: %w", src, err)
	}
	wanted := map[string]bool{}
	for _, w := range want {
		wanted[w] = true
	}
	files := map[string][]byte{}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read package %s: %w", src, err)
		}
		name := strings.TrimPrefix(path.Clean(h.Name), "package/")
		if !wanted[name] {
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("read package %s: %s: %w", src, name, err)
		}
		files[name] = data
	}
	return func(name string) ([]byte, error) {
		data, ok := files[name]
		if !ok {
			return nil, fmt.Errorf("%s: %w", name, os.ErrNotExist)
		}
		return data, nil
	}, nil
}

// moduleDir is the package directory of a type: lib/sqs-queue for resource aws_sqs_queue,
// lib/data-aws-region for data aws_region.
func moduleDir(k typeKey) string {
	kebab := strings.ReplaceAll(strings.TrimPrefix(k.name, "aws_"), "_", "-")
	if k.kind == kindData {
		return "lib/data-aws-" + kebab
	}
	return "lib/" + kebab
}

// packageJSON is the part of the package's package.json the schema's source comes from.
type packageJSON struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Cdktn   struct {
		Provider struct {
			Name    string `json:"name"`
			Version string `json:"version"`
		} `json:"provider"`
	} `json:"cdktn"`
}

// derive reads the package and builds the schema of the wanted types plus the provider block.
// wantPkg (name@version), when set, must match the package's package.json.
func derive(src, wantPkg string, want typeSet) (*awsschema.Schema, error) {
	names := []string{"package.json", "lib/provider/index.js", "lib/provider/index.d.ts"}
	for k := range want {
		names = append(names, moduleDir(k)+"/index.js", moduleDir(k)+"/index.d.ts")
	}
	read, err := openPackage(src, names)
	if err != nil {
		return nil, err
	}
	raw, err := read("package.json")
	if err != nil {
		return nil, fmt.Errorf("read package.json: %w", err)
	}
	var pj packageJSON
	if err := json.Unmarshal(raw, &pj); err != nil {
		return nil, fmt.Errorf("decode package.json: %w", err)
	}
	if pj.Cdktn.Provider.Name != "registry.terraform.io/hashicorp/aws" || pj.Cdktn.Provider.Version == "" {
		return nil, fmt.Errorf("package %s@%s is not generated from hashicorp/aws (cdktn.provider %q)", pj.Name, pj.Version, pj.Cdktn.Provider.Name)
	}
	if got := pj.Name + "@" + pj.Version; wantPkg != "" && got != wantPkg {
		return nil, fmt.Errorf("package is %s, want %s", got, wantPkg)
	}
	s := &awsschema.Schema{
		Source:      awsschema.Source{Package: pj.Name, PackageVersion: pj.Version, ProviderVersion: pj.Cdktn.Provider.Version},
		Resources:   map[string]awsschema.Resource{},
		DataSources: map[string]awsschema.Resource{},
	}
	m, err := readModule(read, "lib/provider")
	if err != nil {
		return nil, err
	}
	if s.Provider, err = (deriver{m: m}).rootBlock("cdktn.TerraformProvider"); err != nil {
		return nil, fmt.Errorf("provider block: %w", err)
	}
	if err := limitProviderBlocks(&s.Provider); err != nil {
		return nil, err
	}
	var errs []error
	for k := range want {
		dir := moduleDir(k)
		m, err := readModule(read, dir)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s %s: %w", k.kind, k.name, err))
			continue
		}
		base := "cdktn.TerraformResource"
		if k.kind == kindData {
			base = "cdktn.TerraformDataSource"
		}
		if got := m.tfType(); got != k.name {
			errs = append(errs, fmt.Errorf("%s %s: %s is the bindings of %q", k.kind, k.name, dir, got))
			continue
		}
		b, err := (deriver{m: m}).rootBlock(base)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s %s: %w", k.kind, k.name, err))
			continue
		}
		if k.kind == kindData {
			s.DataSources[k.name] = awsschema.Resource{Block: b}
		} else {
			s.Resources[k.name] = awsschema.Resource{Block: b}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("derive schema: %w", err)
	}
	if err := markSensitive(s); err != nil {
		return nil, err
	}
	return s, nil
}

// readModule reads and parses one binding directory of the package.
func readModule(read packageFiles, dir string) (*pkgModule, error) {
	js, err := read(dir + "/index.js")
	if err != nil {
		return nil, fmt.Errorf("read %s/index.js (is the type in this provider version?): %w", dir, err)
	}
	dts, err := read(dir + "/index.d.ts")
	if err != nil {
		return nil, fmt.Errorf("read %s/index.d.ts: %w", dir, err)
	}
	return parseModule(string(js), string(dts)), nil
}
