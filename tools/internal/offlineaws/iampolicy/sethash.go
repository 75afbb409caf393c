package iampolicy

import (
	"hash/crc32"
	"slices"
	"strconv"
	"strings"
)

// The provider is built on terraform-plugin-sdk/v2, whose schema.Set hands a set's elements to
// the provider sorted by the decimal string of each element's hash code (Set.listCode sorts
// strconv.Itoa(code) with sort.Strings). The hash code is crc32.ChecksumIEEE of a
// serialization of the element (helper/schema/serialize.go: SerializeValueForHash and
// SerializeResourceForHash, attributes in sorted key order, "key:value;", lists as "(...);",
// sets as "{...};", strings followed by ";").
//
// That order is visible in the JSON wherever the provider concatenates set elements: several
// principals blocks of the same type, and several condition blocks with the same test and
// variable. This file reproduces it. The provider's own acceptance test
// TestAccIAMPolicyDocumentDataSource_StatementPrincipalIdentifiers_multiplePrincipals(Gov),
// whose expected order differs between the aws and aws-us-gov partitions, pins it (see the
// tests).

// sdkSetKey is the key under which schema.Set stores an element whose serialization is s.
func sdkSetKey(serialized string) string {
	return strconv.Itoa(int(crc32.ChecksumIEEE([]byte(serialized))))
}

// sdkSetOrder returns items in schema.Set.List order, given each item's serialization.
// Items with the same serialization collapse into one, as in a schema.Set.
func sdkSetOrder[T any](items []T, serialize func(T) string) []T {
	type keyed struct {
		key  string
		item T
	}
	seen := make(map[string]bool, len(items))
	ks := make([]keyed, 0, len(items))
	for _, it := range items {
		k := sdkSetKey(serialize(it))
		if seen[k] {
			continue
		}
		seen[k] = true
		ks = append(ks, keyed{key: k, item: it})
	}
	slices.SortFunc(ks, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
	out := make([]T, len(ks))
	for i, k := range ks {
		out[i] = k.item
	}
	return out
}

// sdkStringSetOrder returns a set of strings in schema.Set.List order (each element is
// serialized as the string followed by ";").
func sdkStringSetOrder(items []string) []string {
	return sdkSetOrder(items, func(s string) string { return s + ";" })
}

// serializePrincipalsBlock serializes a principals/not_principals block element (schema:
// identifiers, a set of strings, and type, a string).
func serializePrincipalsBlock(p PrincipalConfig) string {
	var b strings.Builder
	b.WriteString("identifiers:{")
	for _, id := range sdkStringSetOrder(p.Identifiers) {
		b.WriteString(id)
		b.WriteByte(';')
	}
	b.WriteString("};type:")
	b.WriteString(p.Type)
	b.WriteByte(';')
	return b.String()
}

// serializeConditionBlock serializes a condition block element (schema: test, a string;
// values, a list of strings; variable, a string).
func serializeConditionBlock(c ConditionConfig) string {
	var b strings.Builder
	b.WriteString("test:")
	b.WriteString(c.Test)
	b.WriteString(";values:(")
	for _, v := range c.Values {
		b.WriteString(v)
		b.WriteByte(';')
	}
	b.WriteString(");variable:")
	b.WriteString(c.Variable)
	b.WriteByte(';')
	return b.String()
}
