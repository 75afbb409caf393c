package offlineaws

import (
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The provider works on plain Go values instead of tftypes.Value, which is immutable and awkward
// to edit: nil is null, unknown is the value Unknown, strings are string, numbers json.Number,
// bools bool, lists, sets and tuples []any, maps and objects map[string]any. The same values are
// what the simulated account stores as JSON (where an unknown never appears).

// unknownValue marks a value that is not known until apply.
type unknownValue struct{}

// Unknown is the value of an attribute that is known only after apply.
var Unknown = unknownValue{}

// fromValue converts a tftypes.Value into a plain Go value.
func fromValue(v tftypes.Value) (any, error) {
	if !v.IsKnown() {
		return Unknown, nil
	}
	if v.IsNull() {
		return nil, nil
	}
	switch t := v.Type().(type) {
	case tftypes.Object:
		var m map[string]tftypes.Value
		if err := v.As(&m); err != nil {
			return nil, fmt.Errorf("object value: %w", err)
		}
		out := make(map[string]any, len(m))
		for k, e := range m {
			g, err := fromValue(e)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			out[k] = g
		}
		return out, nil
	case tftypes.Map:
		var m map[string]tftypes.Value
		if err := v.As(&m); err != nil {
			return nil, fmt.Errorf("map value: %w", err)
		}
		out := make(map[string]any, len(m))
		for k, e := range m {
			g, err := fromValue(e)
			if err != nil {
				return nil, fmt.Errorf("[%q]: %w", k, err)
			}
			out[k] = g
		}
		return out, nil
	case tftypes.List, tftypes.Set, tftypes.Tuple:
		var l []tftypes.Value
		if err := v.As(&l); err != nil {
			return nil, fmt.Errorf("%s value: %w", t, err)
		}
		out := make([]any, 0, len(l))
		for i, e := range l {
			g, err := fromValue(e)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			out = append(out, g)
		}
		return out, nil
	}
	switch {
	case v.Type().Is(tftypes.String):
		var s string
		err := v.As(&s)
		return s, err
	case v.Type().Is(tftypes.Bool):
		var b bool
		err := v.As(&b)
		return b, err
	case v.Type().Is(tftypes.Number):
		f := new(big.Float)
		if err := v.As(&f); err != nil {
			return nil, fmt.Errorf("number value: %w", err)
		}
		return json.Number(f.Text('g', -1)), nil
	}
	return nil, fmt.Errorf("unsupported value type %s", v.Type())
}

// toValue converts a plain Go value into a tftypes.Value of type t.
func toValue(t tftypes.Type, g any) (tftypes.Value, error) {
	if _, ok := g.(unknownValue); ok {
		return tftypes.NewValue(t, tftypes.UnknownValue), nil
	}
	if g == nil {
		return tftypes.NewValue(t, nil), nil
	}
	if t.Is(tftypes.DynamicPseudoType) {
		// A dynamic attribute takes the type of the value it holds, which the plain value only
		// implies: objects and tuples, as HCL's literals are.
		return toValue(inferType(g), g)
	}
	switch tt := t.(type) {
	case tftypes.Object:
		m, ok := g.(map[string]any)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("want an object, got %T", g)
		}
		vals := make(map[string]tftypes.Value, len(tt.AttributeTypes))
		for name, at := range tt.AttributeTypes {
			v, err := toValue(at, m[name])
			if err != nil {
				return tftypes.Value{}, fmt.Errorf("%s: %w", name, err)
			}
			vals[name] = v
		}
		return tftypes.NewValue(t, vals), nil
	case tftypes.Map:
		m, ok := g.(map[string]any)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("want a map, got %T", g)
		}
		vals := make(map[string]tftypes.Value, len(m))
		for k, e := range m {
			v, err := toValue(tt.ElementType, e)
			if err != nil {
				return tftypes.Value{}, fmt.Errorf("[%q]: %w", k, err)
			}
			vals[k] = v
		}
		return tftypes.NewValue(t, vals), nil
	case tftypes.List, tftypes.Set, tftypes.Tuple:
		l, ok := g.([]any)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("want a list, got %T", g)
		}
		vals := make([]tftypes.Value, 0, len(l))
		for i, e := range l {
			var et tftypes.Type
			switch tt := tt.(type) {
			case tftypes.List:
				et = tt.ElementType
			case tftypes.Set:
				et = tt.ElementType
			case tftypes.Tuple:
				if i >= len(tt.ElementTypes) {
					return tftypes.Value{}, fmt.Errorf("tuple has %d elements, got %d", len(tt.ElementTypes), len(l))
				}
				et = tt.ElementTypes[i]
			}
			v, err := toValue(et, e)
			if err != nil {
				return tftypes.Value{}, fmt.Errorf("[%d]: %w", i, err)
			}
			vals = append(vals, v)
		}
		if set, ok := t.(tftypes.Set); ok {
			vals = dedupe(set, vals)
		}
		return tftypes.NewValue(t, vals), nil
	}
	switch {
	case t.Is(tftypes.String):
		return tftypes.NewValue(t, stringOf(g)), nil
	case t.Is(tftypes.Bool):
		b, ok := g.(bool)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("want a bool, got %T", g)
		}
		return tftypes.NewValue(t, b), nil
	case t.Is(tftypes.Number):
		f, err := numberOf(g)
		if err != nil {
			return tftypes.Value{}, err
		}
		return tftypes.NewValue(t, f), nil
	}
	return tftypes.Value{}, fmt.Errorf("unsupported type %s", t)
}

// dedupe drops repeated set elements, which terraform rejects.
func dedupe(t tftypes.Set, vals []tftypes.Value) []tftypes.Value {
	out := vals[:0]
	for _, v := range vals {
		if !v.IsFullyKnown() {
			// Unknown elements may turn out distinct (or equal) only at apply; terraform keeps
			// them apart in the meantime.
			out = append(out, v)
			continue
		}
		dup := false
		for _, o := range out {
			if o.Equal(v) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, v)
		}
	}
	return out
}

func stringOf(g any) string {
	switch s := g.(type) {
	case string:
		return s
	case json.Number:
		return s.String()
	case bool:
		if s {
			return "true"
		}
		return "false"
	}
	b, _ := json.Marshal(g)
	return string(b)
}

func numberOf(g any) (*big.Float, error) {
	var text string
	switch n := g.(type) {
	case json.Number:
		text = n.String()
	case string:
		text = n
	case float64:
		return big.NewFloat(n), nil
	case int:
		return new(big.Float).SetInt64(int64(n)), nil
	case int64:
		return new(big.Float).SetInt64(n), nil
	default:
		return nil, fmt.Errorf("want a number, got %T", g)
	}
	f, _, err := big.ParseFloat(text, 10, 512, big.ToNearestEven)
	if err != nil {
		return nil, fmt.Errorf("number %q: %w", text, err)
	}
	return f, nil
}

// isUnknown reports whether g is the unknown value.
func isUnknown(g any) bool {
	_, ok := g.(unknownValue)
	return ok
}

// isWhollyKnown reports whether g contains no unknown value at any depth.
func isWhollyKnown(g any) bool {
	switch v := g.(type) {
	case unknownValue:
		return false
	case map[string]any:
		for _, e := range v {
			if !isWhollyKnown(e) {
				return false
			}
		}
	case []any:
		for _, e := range v {
			if !isWhollyKnown(e) {
				return false
			}
		}
	}
	return true
}

// deepCopy copies a plain Go value so edits do not reach the original.
func deepCopy(g any) any {
	switch v := g.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = deepCopy(e)
		}
		return out
	}
	return g
}

// equalValues compares two plain Go values (numbers by value).
func equalValues(a, b any) bool {
	if isUnknown(a) || isUnknown(b) {
		return isUnknown(a) && isUnknown(b)
	}
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok || len(av) != len(bv) {
			return false
		}
		for k, e := range av {
			if !equalValues(e, bv[k]) {
				return false
			}
		}
		return true
	case []any:
		bv, ok := b.([]any)
		if !ok || len(av) != len(bv) {
			return false
		}
		for i := range av {
			if !equalValues(av[i], bv[i]) {
				return false
			}
		}
		return true
	case json.Number:
		bn, ok := b.(json.Number)
		if !ok {
			return false
		}
		x, err1 := numberOf(av)
		y, err2 := numberOf(bn)
		return err1 == nil && err2 == nil && x.Cmp(y) == 0
	}
	return a == b
}

// inferType returns the type of a plain value as HCL would type its literal: strings, numbers,
// bools, objects for maps and tuples for lists.
func inferType(g any) tftypes.Type {
	switch v := g.(type) {
	case string:
		return tftypes.String
	case json.Number:
		return tftypes.Number
	case bool:
		return tftypes.Bool
	case map[string]any:
		attrs := make(map[string]tftypes.Type, len(v))
		for k, e := range v {
			attrs[k] = inferType(e)
		}
		return tftypes.Object{AttributeTypes: attrs}
	case []any:
		elems := make([]tftypes.Type, 0, len(v))
		for _, e := range v {
			elems = append(elems, inferType(e))
		}
		return tftypes.Tuple{ElementTypes: elems}
	}
	return tftypes.DynamicPseudoType
}

// equalTyped compares two plain values of type t: like equalValues, but set elements in any order.
func equalTyped(t tftypes.Type, a, b any) bool {
	switch tt := t.(type) {
	case tftypes.Set:
		al, aok := a.([]any)
		bl, bok := b.([]any)
		if !aok || !bok {
			return equalValues(a, b)
		}
		if len(al) != len(bl) {
			return false
		}
		used := make([]bool, len(bl))
		for _, ae := range al {
			found := false
			for j, be := range bl {
				if !used[j] && equalTyped(tt.ElementType, ae, be) {
					used[j], found = true, true
					break
				}
			}
			if !found {
				return false
			}
		}
		return true
	case tftypes.List:
		al, aok := a.([]any)
		bl, bok := b.([]any)
		if !aok || !bok || len(al) != len(bl) {
			return equalValues(a, b)
		}
		for i := range al {
			if !equalTyped(tt.ElementType, al[i], bl[i]) {
				return false
			}
		}
		return true
	case tftypes.Object:
		am, aok := a.(map[string]any)
		bm, bok := b.(map[string]any)
		if !aok || !bok {
			return equalValues(a, b)
		}
		for name, at := range tt.AttributeTypes {
			if !equalTyped(at, am[name], bm[name]) {
				return false
			}
		}
		return true
	case tftypes.Map:
		am, aok := a.(map[string]any)
		bm, bok := b.(map[string]any)
		if !aok || !bok || len(am) != len(bm) {
			return equalValues(a, b)
		}
		for k, av := range am {
			if !equalTyped(tt.ElementType, av, bm[k]) {
				return false
			}
		}
		return true
	}
	return equalValues(a, b)
}
