package offlineaws

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// PlanResourceChange plans like an SDKv2 resource of hashicorp/aws: on create every computed
// attribute the configuration leaves unset is unknown; on update the proposed state already holds
// the prior computed values; a change to an argument of the forceNew table requires replacement,
// and then the unset computed attributes are unknown again. tags_all is default_tags merged with
// tags.
func (s *Server) PlanResourceChange(_ context.Context, req *tfprotov5.PlanResourceChangeRequest) (*tfprotov5.PlanResourceChangeResponse, error) {
	resp := &tfprotov5.PlanResourceChangeResponse{}
	rs, ok := s.resources[req.TypeName]
	if !ok {
		resp.Diagnostics = unknownType("resource", req.TypeName)
		return resp, nil
	}
	t := rs.block.typ
	prior, err := decode(t, req.PriorState)
	if err != nil {
		resp.Diagnostics = errorDiags(nil, "Invalid prior state", err.Error())
		return resp, nil
	}
	proposed, err := decode(t, req.ProposedNewState)
	if err != nil {
		resp.Diagnostics = errorDiags(nil, "Invalid proposed state", err.Error())
		return resp, nil
	}
	config, err := decode(t, req.Config)
	if err != nil {
		resp.Diagnostics = errorDiags(nil, "Invalid configuration", err.Error())
		return resp, nil
	}
	if proposed == nil {
		// Destroy: the planned state is null.
		resp.PlannedState = req.ProposedNewState
		return resp, nil
	}
	planned, replace := s.plan(req.TypeName, rs.block, asObject(prior), asObject(proposed), asObject(config))
	resp.RequiresReplace = replace
	if resp.PlannedState, err = encode(t, planned); err != nil {
		resp.Diagnostics = errorDiags(nil, "Planning failed", err.Error())
	}
	return resp, nil
}

// plan computes the planned state from the prior state (nil on create), the proposed new state
// and the configuration, and the paths that require replacement.
func (s *Server) plan(typeName string, b *blockSchema, prior, proposed, config map[string]any) (map[string]any, []*tftypes.AttributePath) {
	planned := deepCopy(proposed).(map[string]any)
	var replace []*tftypes.AttributePath
	if prior == nil {
		markUnsetComputedUnknown(b, planned, config)
	} else {
		for _, name := range append(forceNew[typeName], "region") {
			if _, ok := planned[name]; !ok {
				continue
			}
			if !equalTyped(b.typ.AttributeTypes[name], prior[name], planned[name]) {
				replace = append(replace, tftypes.NewAttributePath().WithAttributeName(name))
			}
		}
		if len(replace) > 0 {
			markUnsetComputedUnknown(b, planned, config)
		}
	}
	applyDefaults(typeName, planned, config)
	if a, ok := b.attrs["region"]; ok && a.computed && config["region"] == nil && isUnknown(planned["region"]) {
		// hashicorp/aws 6.x plans the provider's region for resources that do not set their own
		// (and a change of region replaces the resource).
		if region := s.config().region; region != "" {
			planned["region"] = region
		}
	}
	if hook, ok := planHooks[typeName]; ok && (prior == nil || len(replace) > 0) {
		hook(planned, config)
	}
	if a, ok := b.attrs["tags_all"]; ok && a.computed && config["tags_all"] == nil {
		planned["tags_all"] = mergeTags(s.config().defaultTags, planned["tags"])
	}
	return planned, replace
}

// markUnsetComputedUnknown makes every computed attribute that the configuration leaves unset
// unknown, in nested blocks too.
func markUnsetComputedUnknown(b *blockSchema, planned, config map[string]any) {
	for name, a := range b.attrs {
		if !a.computed {
			continue
		}
		if config == nil || config[name] == nil {
			planned[name] = Unknown
		}
	}
	for name, nb := range b.blocks {
		var cfg any
		if config != nil {
			cfg = config[name]
		}
		switch v := planned[name].(type) {
		case map[string]any:
			markUnsetComputedUnknown(nb.block, v, asObject(cfg))
		case []any:
			cl, _ := cfg.([]any)
			for i, e := range v {
				obj := asObject(e)
				if obj == nil {
					continue
				}
				var ce map[string]any
				if nb.nesting == tfprotov5.SchemaNestedBlockNestingModeList && i < len(cl) {
					ce = asObject(cl[i])
				} else {
					// Set elements cannot be paired with the configuration's; an attribute that is
					// null in the planned element is unset there.
					ce = nullsOf(obj)
				}
				markUnsetComputedUnknown(nb.block, obj, ce)
			}
		}
	}
}

// nullsOf returns obj without its null attributes, so that they look unset.
func nullsOf(obj map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range obj {
		if v != nil {
			out[k] = v
		}
	}
	return out
}

// mergeTags returns default_tags overlaid with the resource's tags, as tags_all
// (internal/tags: resource tags win over the provider's default tags). It is unknown when either
// is not yet known.
func mergeTags(defaults, tags any) any {
	if !isWhollyKnown(defaults) || !isWhollyKnown(tags) {
		return Unknown
	}
	out := map[string]any{}
	for k, v := range asObject(defaults) {
		if v != nil {
			out[k] = v
		}
	}
	for k, v := range asObject(tags) {
		if v != nil {
			out[k] = v
		}
	}
	return out
}

func unknownType(kind, typeName string) []*tfprotov5.Diagnostic {
	return errorDiags(nil, fmt.Sprintf("Unknown %s type", kind),
		fmt.Sprintf("the offline provider's schema has no %s type %q", kind, typeName))
}

// planHooks know more at plan time than "unknown" for some resources, as the real provider's
// CustomizeDiff functions do. They run on create and replace.
var planHooks = map[string]func(planned, config map[string]any){
	// internal/service/acm/certificate.go CustomizeDiff: with DNS validation the domain names of
	// domain_validation_options are known at plan (so for_each over them works), and ACM adds
	// domain_name to the subject alternative names.
	"aws_acm_certificate": func(planned, config map[string]any) {
		domain, ok := planned["domain_name"].(string)
		if !ok || planned["validation_method"] != "DNS" {
			return
		}
		if config["subject_alternative_names"] == nil && isUnknown(planned["subject_alternative_names"]) {
			planned["subject_alternative_names"] = []any{domain}
		}
		if !isWhollyKnown(planned["subject_alternative_names"]) || !isUnknown(planned["domain_validation_options"]) {
			return
		}
		domains := []string{domain}
		for _, san := range stringList(planned["subject_alternative_names"]) {
			if !containsString(domains, san) {
				domains = append(domains, san)
			}
		}
		opts := make([]any, 0, len(domains))
		for _, d := range domains {
			opts = append(opts, map[string]any{"domain_name": d, "resource_record_name": Unknown,
				"resource_record_type": Unknown, "resource_record_value": Unknown})
		}
		planned["domain_validation_options"] = opts
	},
}
