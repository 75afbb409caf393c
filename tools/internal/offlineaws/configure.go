package offlineaws

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// ConfigureProvider reads region, allowed_account_ids, forbidden_account_ids and default_tags.
// The caller's account is the simulated account's id; the account checks are the real
// provider's (internal/conns: "AWS account ID not allowed: <id>" for both lists).
func (s *Server) ConfigureProvider(_ context.Context, req *tfprotov5.ConfigureProviderRequest) (*tfprotov5.ConfigureProviderResponse, error) {
	resp := &tfprotov5.ConfigureProviderResponse{}
	g, err := decode(s.provider.block.typ, req.Config)
	if err != nil {
		resp.Diagnostics = errorDiags(nil, "Invalid provider configuration", err.Error())
		return resp, nil
	}
	cfg, diags := s.readProviderConfig(asObject(g))
	resp.Diagnostics = diags
	if !hasError(diags) {
		s.mu.Lock()
		s.cfg = cfg
		s.mu.Unlock()
	}
	return resp, nil
}

func (s *Server) readProviderConfig(c map[string]any) (providerConfig, []*tfprotov5.Diagnostic) {
	cfg := providerConfig{configured: true, accountID: s.store.AccountID()}
	switch r := c["region"].(type) {
	case string:
		cfg.region = r
	case unknownValue:
		// An unknown region is known at apply; ids made before then use the environment's.
		cfg.region = ""
	}
	if cfg.region == "" {
		cfg.region = s.getenv("AWS_REGION")
	}
	if cfg.region == "" {
		cfg.region = s.getenv("AWS_DEFAULT_REGION")
	}
	if cfg.region == "" {
		// hashicorp/aws 6.x: the region must come from the provider block, the environment or
		// the shared config; the offline provider has no shared config.
		return cfg, errorDiags(tftypes.NewAttributePath().WithAttributeName("region"),
			"Missing required argument", `The argument "region" is required, but was not set.`)
	}
	// internal/conns/config.go: the account id comes from STS unless skip_requesting_account_id,
	// then it is empty (with a warning) and the allow list, if any, refuses it.
	var diags []*tfprotov5.Diagnostic
	callerAccount := cfg.accountID
	if c["skip_requesting_account_id"] == true {
		callerAccount = ""
		diags = append(diags, &tfprotov5.Diagnostic{Severity: tfprotov5.DiagnosticSeverityWarning,
			Summary: "AWS account ID not found for provider",
			Detail:  "See https://registry.terraform.io/providers/hashicorp/aws/latest/docs#skip_requesting_account_id for implications."})
	}
	// aws-sdk-go-base Config.VerifyAccountIDAllowed: the forbidden list first, then the allowed.
	if containsString(stringList(c["forbidden_account_ids"]), callerAccount) {
		return cfg, append(diags, errorDiags(nil, fmt.Sprintf("AWS account ID not allowed: %s", callerAccount), "")...)
	}
	if allowed := stringList(c["allowed_account_ids"]); len(allowed) > 0 && !containsString(allowed, callerAccount) {
		return cfg, append(diags, errorDiags(nil, fmt.Sprintf("AWS account ID not allowed: %s", callerAccount), "")...)
	}
	cfg.defaultTags = defaultTags(c["default_tags"])
	return cfg, diags
}

// defaultTags extracts default_tags.tags from the provider block (a list block of at most one,
// or a single block).
func defaultTags(g any) any {
	if l, ok := g.([]any); ok {
		if len(l) == 0 {
			return nil
		}
		g = l[0]
	}
	if isUnknown(g) {
		return Unknown
	}
	m := asObject(g)
	if m == nil {
		return nil
	}
	return m["tags"]
}

// config returns the provider configuration, or a configuration from the environment when
// terraform did not configure the provider (as in some validate paths).
func (s *Server) config() providerConfig {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cfg.configured {
		return s.cfg
	}
	region := s.getenv("AWS_REGION")
	if region == "" {
		region = s.getenv("AWS_DEFAULT_REGION")
	}
	if region == "" {
		region = "us-east-1"
	}
	return providerConfig{region: region, accountID: s.store.AccountID()}
}

func stringList(g any) []string {
	l, _ := g.([]any)
	out := make([]string, 0, len(l))
	for _, e := range l {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func containsString(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func hasError(diags []*tfprotov5.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov5.DiagnosticSeverityError {
			return true
		}
	}
	return false
}
