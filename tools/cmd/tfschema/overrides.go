package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tsumiki-dev/tsumiki/tools/internal/awsschema"
)

// What the bindings cannot carry, taken from the provider's own source
// (github.com/hashicorp/terraform-provider-aws). Each entry names where it was read. An entry
// whose attribute or block is gone makes the derivation fail, so a provider upgrade cannot
// silently drop it.

// providerMaxItems are the provider block's nested blocks that hold at most one block. The
// bindings type every provider block as an array, so the package cannot tell. Source:
// internal/provider/sdkv2/provider.go (MaxItems: 1 on default_tags, ignore_tags and
// assume_role_with_web_identity; assume_role takes a list, for role chaining).
var providerMaxItems = map[string]int64{
	"assume_role_with_web_identity": 1,
	"default_tags":                  1,
	"ignore_tags":                   1,
}

// sensitiveAttrs are attributes the provider marks Sensitive: true, by type, as a path of
// nested block names ending in the attribute. Only entries read in the source are here; the
// schema carries no sensitive flag for the rest, which the package does not publish.
var sensitiveAttrs = map[string][]string{
	// internal/service/acm/certificate.go: private_key Sensitive.
	"aws_acm_certificate": {"private_key"},
	// internal/service/sesv2/email_identity.go: dkim_signing_attributes.domain_signing_private_key Sensitive.
	"aws_sesv2_email_identity": {"dkim_signing_attributes.domain_signing_private_key"},
}

// limitProviderBlocks applies providerMaxItems.
func limitProviderBlocks(p *awsschema.Block) error {
	for name, limit := range providerMaxItems {
		nb, ok := p.BlockTypes[name]
		if !ok {
			return fmt.Errorf("provider block: no %s block to limit", name)
		}
		nb.MaxItems = limit
		p.BlockTypes[name] = nb
	}
	return nil
}

// markSensitive applies sensitiveAttrs to the types the schema holds.
func markSensitive(s *awsschema.Schema) error {
	types := make([]string, 0, len(sensitiveAttrs))
	for t := range sensitiveAttrs {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		r, ok := s.Resources[t]
		if !ok {
			continue
		}
		for _, path := range sensitiveAttrs[t] {
			if err := markPath(&r.Block, strings.Split(path, ".")); err != nil {
				return fmt.Errorf("sensitive %s.%s: %w", t, path, err)
			}
		}
	}
	return nil
}

func markPath(b *awsschema.Block, path []string) error {
	if len(path) == 1 {
		a, ok := b.Attributes[path[0]]
		if !ok {
			return fmt.Errorf("no attribute %s", path[0])
		}
		a.Sensitive = true
		b.Attributes[path[0]] = a
		return nil
	}
	nb, ok := b.BlockTypes[path[0]]
	if !ok {
		return fmt.Errorf("no block %s", path[0])
	}
	if err := markPath(&nb.Block, path[1:]); err != nil {
		return err
	}
	b.BlockTypes[path[0]] = nb
	return nil
}
