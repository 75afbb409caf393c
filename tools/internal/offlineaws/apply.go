package offlineaws

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tsumiki-dev/tsumiki/tools/internal/offlineaws/account"
)

// ApplyResourceChange creates, updates or deletes the resource in the simulated account. Values
// unknown at plan become the service's real id and ARN formats (identities) where known, and
// otherwise deterministic type-appropriate values derived from the resource type and its known
// arguments, so that the same configuration applied twice gives the same values.
func (s *Server) ApplyResourceChange(_ context.Context, req *tfprotov5.ApplyResourceChangeRequest) (*tfprotov5.ApplyResourceChangeResponse, error) {
	resp := &tfprotov5.ApplyResourceChangeResponse{}
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
	planned, err := decode(t, req.PlannedState)
	if err != nil {
		resp.Diagnostics = errorDiags(nil, "Invalid planned state", err.Error())
		return resp, nil
	}
	cfg := s.config()
	var state map[string]any
	err = s.store.Update(func(a *account.Account) error {
		if planned == nil {
			if id, ok := asObject(prior)["id"].(string); ok {
				a.DeleteResource(req.TypeName, id)
			}
			return nil
		}
		state = asObject(planned)
		if err := checkFreshAccount(req.TypeName, asObject(prior), state, a, cfg); err != nil {
			return err
		}
		region := cfg.region
		if r, ok := state["region"].(string); ok && r != "" {
			// hashicorp/aws 6.x: a resource's own region argument overrides the provider's.
			region = r
		}
		f := &filler{typeName: req.TypeName, region: region, accountID: cfg.accountID, account: a, state: state}
		f.seed = seedOf(req.TypeName, state)
		if prior != nil {
			// An update keeps the identity the resource already has.
			f.prior = asObject(prior)
		}
		if isUnknown(state["tags_all"]) {
			// Unknown at plan because a tag was: known now.
			state["tags_all"] = mergeTags(cfg.defaultTags, state["tags"])
		}
		unfilled := deepCopy(state).(map[string]any)
		f.fillIdentity()
		fillUnknown(rs.block, state, f.seed, "")
		for i := 1; prior == nil && generatedID.MatchString(stringOf(state["id"])) && idTaken(a, req.TypeName, state["id"]); i++ {
			// AWS hands out a fresh id to each of two resources alike in every argument.
			state = deepCopy(unfilled).(map[string]any)
			f.state = state
			f.seed = fmt.Sprintf("%s#%d", seedOf(req.TypeName, state), i)
			f.fillIdentity()
			fillUnknown(rs.block, state, f.seed, "")
		}
		if prior == nil {
			if err := checkUniqueName(req.TypeName, state, a); err != nil {
				return err
			}
		}
		id, _ := state["id"].(string)
		if id == "" {
			return fmt.Errorf("%s has no id after apply", req.TypeName)
		}
		if prior != nil {
			if oldID, _ := asObject(prior)["id"].(string); oldID != id {
				a.DeleteResource(req.TypeName, oldID)
			}
		}
		afterApply(req.TypeName, state, a)
		a.PutResource(req.TypeName, id, state)
		return nil
	})
	if err != nil {
		// Like the real provider: the whole error is the summary ("creating ...: operation error ...").
		resp.Diagnostics = errorDiags(nil, applyErrorSummary(req.TypeName, prior == nil, planned == nil)+": "+err.Error(), "")
		resp.NewState = req.PriorState
		return resp, nil
	}
	var newState any // null after a delete
	if state != nil {
		newState = state
	}
	if resp.NewState, err = encode(t, newState); err != nil {
		resp.Diagnostics = errorDiags(nil, "Apply failed", err.Error())
	}
	return resp, nil
}

func applyErrorSummary(typeName string, create, destroy bool) string {
	switch {
	case create:
		return fmt.Sprintf("creating %s", typeName)
	case destroy:
		return fmt.Sprintf("deleting %s", typeName)
	}
	return fmt.Sprintf("updating %s", typeName)
}

// seedOf derives the deterministic seed of a resource from its type and its known arguments.
func seedOf(typeName string, state map[string]any) string {
	known := map[string]any{}
	for k, v := range state {
		if isWhollyKnown(v) && v != nil && k != "tags_all" {
			known[k] = v
		}
	}
	b, _ := json.Marshal(known) // map keys are sorted by encoding/json
	sum := sha256.Sum256(append([]byte(typeName+"\x00"), b...))
	return hex.EncodeToString(sum[:])
}

// hashOf derives deterministic hex text from a seed and a salt.
func hashOf(seed, salt string) string {
	sum := sha256.Sum256([]byte(seed + "\x00" + salt))
	return hex.EncodeToString(sum[:])
}

// fillUnknown replaces every unknown left in a block with a deterministic value of its type:
// strings derived from the seed and the attribute's path, numbers 0, bools false, collections
// empty, objects with their attributes filled the same way.
func fillUnknown(b *blockSchema, obj map[string]any, seed, prefix string) {
	for _, name := range sortedKeys(b.attrs) {
		if v := obj[name]; !isWhollyKnown(v) {
			obj[name] = fillValue(b.attrs[name].typ, v, seed, prefix+name)
		}
	}
	for _, name := range sortedKeys(b.blocks) {
		nb := b.blocks[name]
		switch v := obj[name].(type) {
		case map[string]any:
			fillUnknown(nb.block, v, seed, prefix+name+".")
		case []any:
			for i, e := range v {
				if o := asObject(e); o != nil {
					fillUnknown(nb.block, o, seed, fmt.Sprintf("%s%s.%d.", prefix, name, i))
				}
			}
		case unknownValue:
			obj[name] = fillValue(b.typ.AttributeTypes[name], v, seed, prefix+name)
		}
	}
}

func fillValue(t tftypes.Type, v any, seed, path string) any {
	if isUnknown(v) {
		switch {
		case t.Is(tftypes.String):
			return hashOf(seed, path)[:20]
		case t.Is(tftypes.Number):
			return json.Number("0")
		case t.Is(tftypes.Bool):
			return false
		}
		switch tt := t.(type) {
		case tftypes.List, tftypes.Set, tftypes.Tuple:
			return []any{}
		case tftypes.Map:
			return map[string]any{}
		case tftypes.Object:
			obj := map[string]any{}
			for name, at := range tt.AttributeTypes {
				obj[name] = fillValue(at, Unknown, seed, path+"."+name)
			}
			return obj
		}
		return nil
	}
	switch tt := t.(type) {
	case tftypes.Object:
		obj := asObject(v)
		for _, name := range sortedKeys(tt.AttributeTypes) {
			obj[name] = fillValue(tt.AttributeTypes[name], obj[name], seed, path+"."+name)
		}
		return obj
	case tftypes.Map:
		obj := asObject(v)
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			obj[k] = fillValue(tt.ElementType, obj[k], seed, path+"."+k)
		}
		return obj
	case tftypes.List:
		return fillList(tt.ElementType, v, seed, path)
	case tftypes.Set:
		return fillList(tt.ElementType, v, seed, path)
	}
	return v
}

func fillList(et tftypes.Type, v any, seed, path string) any {
	l, _ := v.([]any)
	for i, e := range l {
		l[i] = fillValue(et, e, seed, fmt.Sprintf("%s.%d", path, i))
	}
	return l
}

// generatedID matches the ids AWS generates (rather than takes from a name): EC2's
// <prefix>-<17 hex>, UUIDs (alone or ending an ARN, as ACM's), and the generic fallback's 20 hex.
var generatedID = regexp.MustCompile(`^([a-z]+-[0-9a-f]{17}|(arn:[^ ]*[/:])?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{20})$`)

func idTaken(a *account.Account, typeName string, id any) bool {
	s, ok := id.(string)
	if !ok {
		return false
	}
	_, err := a.Resource(typeName, s)
	return err == nil
}
