package namestability

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
	"gopkg.in/yaml.v3"
)

// functions are the terraform functions names are usually built with, plus the file
// functions that read the service definitions (fileset, file, yamldecode; paths relative to
// root, the repository root, as path.module is). A call to any other function makes the value
// unknown, which the golden file shows as such.
func functions(root string) map[string]function.Function {
	fs := map[string]function.Function{
		"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "chomp": stdlib.ChompFunc,
		"coalesce": stdlib.CoalesceFunc, "compact": stdlib.CompactFunc, "concat": stdlib.ConcatFunc,
		"contains": stdlib.ContainsFunc, "distinct": stdlib.DistinctFunc, "element": stdlib.ElementFunc,
		"flatten": stdlib.FlattenFunc, "floor": stdlib.FloorFunc, "format": stdlib.FormatFunc,
		"formatlist": stdlib.FormatListFunc, "join": stdlib.JoinFunc, "jsonencode": stdlib.JSONEncodeFunc,
		"keys": stdlib.KeysFunc, "length": stdlib.LengthFunc, "lookup": stdlib.LookupFunc,
		"lower": stdlib.LowerFunc, "max": stdlib.MaxFunc, "merge": stdlib.MergeFunc, "min": stdlib.MinFunc,
		"range": stdlib.RangeFunc, "regex": stdlib.RegexFunc, "reverse": stdlib.ReverseListFunc,
		"slice": stdlib.SliceFunc, "sort": stdlib.SortFunc, "split": stdlib.SplitFunc,
		"substr": stdlib.SubstrFunc, "title": stdlib.TitleFunc, "trim": stdlib.TrimFunc,
		"trimprefix": stdlib.TrimPrefixFunc, "trimspace": stdlib.TrimSpaceFunc,
		"trimsuffix": stdlib.TrimSuffixFunc, "upper": stdlib.UpperFunc, "values": stdlib.ValuesFunc,
		"zipmap": stdlib.ZipmapFunc,
		"try":    tryfunc.TryFunc, "can": tryfunc.CanFunc,
		"replace": replaceFunc,
		"sha256":  sha256Func,
		"file":    fileFunc(root), "fileset": filesetFunc(root), "yamldecode": yamldecodeFunc,
		"tostring": convertFunc(cty.String), "tonumber": convertFunc(cty.Number),
		"tobool": convertFunc(cty.Bool), "toset": convertFunc(cty.Set(cty.DynamicPseudoType)),
		"tolist": convertFunc(cty.List(cty.DynamicPseudoType)), "tomap": convertFunc(cty.Map(cty.DynamicPseudoType)),
	}
	return fs
}

// replaceFunc is terraform's replace: a search string wrapped in slashes is a regular
// expression.
var replaceFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "str", Type: cty.String}, {Name: "substr", Type: cty.String}, {Name: "replace", Type: cty.String},
	},
	Type: function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		sub := args[1].AsString()
		if len(sub) > 1 && strings.HasPrefix(sub, "/") && strings.HasSuffix(sub, "/") {
			return stdlib.RegexReplace(args[0], cty.StringVal(sub[1:len(sub)-1]), args[2])
		}
		return stdlib.Replace(args[0], args[1], args[2])
	},
})

// sha256Func is terraform's sha256: lower-case hex of the string's SHA-256.
var sha256Func = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		sum := sha256.Sum256([]byte(args[0].AsString()))
		return cty.StringVal(hex.EncodeToString(sum[:])), nil
	},
})

func convertFunc(want cty.Type) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "v", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true}},
		Type: func(args []cty.Value) (cty.Type, error) {
			v, err := convert.Convert(args[0], want)
			if err != nil {
				return cty.NilType, err
			}
			return v.Type(), nil
		},
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return convert.Convert(args[0], want)
		},
	})
}

// inRoot resolves a terraform path (relative to the working directory, which is the
// repository root here) to a file path.
func inRoot(root, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(root, filepath.FromSlash(p))
}

// fileFunc is terraform's file: the contents of a file.
func fileFunc(root string) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			data, err := os.ReadFile(inRoot(root, args[0].AsString()))
			if err != nil {
				return cty.NilVal, fmt.Errorf("file: %w", err)
			}
			return cty.StringVal(string(data)), nil
		},
	})
}

// filesetFunc is terraform's fileset for patterns without "**": the files under path that
// match pattern, as paths relative to path.
func filesetFunc(root string) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}, {Name: "pattern", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Set(cty.String)),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			base := inRoot(root, args[0].AsString())
			matches, err := filepath.Glob(filepath.Join(base, filepath.FromSlash(args[1].AsString())))
			if err != nil {
				return cty.NilVal, fmt.Errorf("fileset: %w", err)
			}
			sort.Strings(matches)
			var vals []cty.Value
			for _, m := range matches {
				if info, err := os.Stat(m); err != nil || !info.Mode().IsRegular() {
					continue
				}
				rel, err := filepath.Rel(base, m)
				if err != nil {
					return cty.NilVal, fmt.Errorf("fileset: %w", err)
				}
				vals = append(vals, cty.StringVal(filepath.ToSlash(rel)))
			}
			if len(vals) == 0 {
				return cty.SetValEmpty(cty.String), nil
			}
			return cty.SetVal(vals), nil
		},
	})
}

// yamldecodeFunc is terraform's yamldecode: mappings become objects, sequences tuples.
var yamldecodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "src", Type: cty.String}},
	Type: func(args []cty.Value) (cty.Type, error) {
		if !args[0].IsKnown() {
			return cty.DynamicPseudoType, nil
		}
		v, err := decodeYAML(args[0].AsString())
		if err != nil {
			return cty.NilType, err
		}
		return v.Type(), nil
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return decodeYAML(args[0].AsString())
	},
})

func decodeYAML(src string) (cty.Value, error) {
	var v any
	if err := yaml.Unmarshal([]byte(src), &v); err != nil {
		return cty.NilVal, fmt.Errorf("yamldecode: %w", err)
	}
	return toCty(v)
}

// toCty converts what yaml.v3 decodes into an interface value into a cty value.
func toCty(v any) (cty.Value, error) {
	switch x := v.(type) {
	case nil:
		return cty.NullVal(cty.DynamicPseudoType), nil
	case string:
		return cty.StringVal(x), nil
	case bool:
		return cty.BoolVal(x), nil
	case int:
		return cty.NumberIntVal(int64(x)), nil
	case int64:
		return cty.NumberIntVal(x), nil
	case uint64:
		return cty.NumberUIntVal(x), nil
	case float64:
		return cty.NumberFloatVal(x), nil
	case []any:
		if len(x) == 0 {
			return cty.EmptyTupleVal, nil
		}
		vals := make([]cty.Value, len(x))
		for i, e := range x {
			c, err := toCty(e)
			if err != nil {
				return cty.NilVal, err
			}
			vals[i] = c
		}
		return cty.TupleVal(vals), nil
	case map[string]any:
		if len(x) == 0 {
			return cty.EmptyObjectVal, nil
		}
		attrs := make(map[string]cty.Value, len(x))
		for k, e := range x {
			c, err := toCty(e)
			if err != nil {
				return cty.NilVal, err
			}
			attrs[k] = c
		}
		return cty.ObjectVal(attrs), nil
	}
	return cty.NilVal, fmt.Errorf("yamldecode: unsupported value %T", v)
}
