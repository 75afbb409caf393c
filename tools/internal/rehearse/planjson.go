package rehearse

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Plan is the part of `terraform show -json PLANFILE` the rehearsal reads (JSON output format
// 1.2, terraform docs internals/json-format).
type Plan struct {
	// ResourceChanges lists every resource the plan considered, no-ops included.
	ResourceChanges []ResourceChange `json:"resource_changes"`
	// OutputChanges maps each root output to its change.
	OutputChanges map[string]struct {
		Actions []string `json:"actions"`
	} `json:"output_changes"`
	// PriorState is the state the plan started from (with the account's values resolved).
	PriorState *struct {
		Values *StateValues `json:"values"`
	} `json:"prior_state"`
}

// ResourceChange is one entry of a plan's resource_changes.
type ResourceChange struct {
	Address string `json:"address"`
	Mode    string `json:"mode"`
	Change  struct {
		Actions []string `json:"actions"`
	} `json:"change"`
}

// StateValues is the values object of a state or plan: the root module and its children.
type StateValues struct {
	RootModule Module `json:"root_module"`
}

// Module is a module of StateValues.
type Module struct {
	Resources []struct {
		Address string `json:"address"`
		Mode    string `json:"mode"`
	} `json:"resources"`
	ChildModules []Module `json:"child_modules"`
}

// ParsePlan decodes the JSON of a saved plan.
func ParsePlan(b []byte) (*Plan, error) {
	var p Plan
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("decode plan JSON: %w", err)
	}
	return &p, nil
}

// Pending lists the changes a plan would make, as "<actions> <address>" (for example
// "delete,create module.stack.aws_db_instance.this"); managed resources and outputs only, since
// reads of data sources change nothing. An empty list is an empty plan.
func (p *Plan) Pending() []string {
	var out []string
	for _, rc := range p.ResourceChanges {
		if rc.Mode != "managed" || isNoop(rc.Change.Actions) {
			continue
		}
		out = append(out, strings.Join(rc.Change.Actions, ",")+" "+rc.Address)
	}
	for name, oc := range p.OutputChanges {
		if !isNoop(oc.Actions) {
			out = append(out, strings.Join(oc.Actions, ",")+" output."+name)
		}
	}
	slices.Sort(out)
	return out
}

// Replaced lists the addresses of managed resources the plan deletes or replaces.
func (p *Plan) Replaced() []string {
	var out []string
	for _, rc := range p.ResourceChanges {
		if rc.Mode == "managed" && slices.Contains(rc.Change.Actions, "delete") {
			out = append(out, rc.Address)
		}
	}
	return out
}

// PriorResources counts the managed resources of the state the plan started from.
func (p *Plan) PriorResources() int {
	if p.PriorState == nil || p.PriorState.Values == nil {
		return 0
	}
	return countManaged(p.PriorState.Values.RootModule)
}

func countManaged(m Module) int {
	n := 0
	for _, r := range m.Resources {
		if r.Mode == "managed" {
			n++
		}
	}
	for _, c := range m.ChildModules {
		n += countManaged(c)
	}
	return n
}

func isNoop(actions []string) bool {
	return len(actions) == 0 || (len(actions) == 1 && (actions[0] == "no-op" || actions[0] == "read"))
}

// StateAddresses lists the addresses of the managed resource instances of a state file (the
// terraform.tfstate format, version 4: resources with module, type, name and instances).
func StateAddresses(state []byte) []string {
	var st struct {
		Resources []struct {
			Module    string `json:"module"`
			Mode      string `json:"mode"`
			Type      string `json:"type"`
			Name      string `json:"name"`
			Instances []struct {
				IndexKey any `json:"index_key"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if json.Unmarshal(state, &st) != nil {
		return nil
	}
	var out []string
	for _, r := range st.Resources {
		if r.Mode != "managed" {
			continue
		}
		base := r.Type + "." + r.Name
		if r.Module != "" {
			base = r.Module + "." + base
		}
		for _, in := range r.Instances {
			switch k := in.IndexKey.(type) {
			case nil:
				out = append(out, base)
			case float64:
				out = append(out, fmt.Sprintf("%s[%d]", base, int(k)))
			default:
				out = append(out, fmt.Sprintf("%s[%q]", base, fmt.Sprint(k)))
			}
		}
	}
	slices.Sort(out)
	return out
}
