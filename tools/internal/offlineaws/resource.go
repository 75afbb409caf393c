package offlineaws

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tsumiki-dev/tsumiki/tools/internal/offlineaws/account"
)

// ReadResource returns what the simulated account holds for the resource, so there is no drift
// unless someone changed the account. A resource the account lacks is gone (null state) when the
// account is persistent; an in-memory account cannot know resources an earlier process created,
// so then the current state is returned as it is.
func (s *Server) ReadResource(_ context.Context, req *tfprotov5.ReadResourceRequest) (*tfprotov5.ReadResourceResponse, error) {
	resp := &tfprotov5.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private}
	rs, ok := s.resources[req.TypeName]
	if !ok {
		resp.Diagnostics = unknownType("resource", req.TypeName)
		return resp, nil
	}
	current, err := decode(rs.block.typ, req.CurrentState)
	if err != nil {
		resp.Diagnostics = errorDiags(nil, "Invalid state", err.Error())
		return resp, nil
	}
	id, _ := asObject(current)["id"].(string)
	if current == nil || id == "" {
		return resp, nil
	}
	var held map[string]any
	err = s.store.View(func(a *account.Account) error {
		r, err := a.Resource(req.TypeName, id)
		if err != nil {
			return err
		}
		held = deepCopy(r).(map[string]any)
		return nil
	})
	switch {
	case errors.Is(err, account.ErrNotFound):
		if s.store.Persistent() {
			resp.NewState, err = encode(rs.block.typ, nil)
		}
	case err == nil:
		resp.NewState, err = encode(rs.block.typ, held)
	}
	if err != nil {
		resp.Diagnostics = errorDiags(nil, fmt.Sprintf("reading %s (%s)", req.TypeName, id), err.Error())
	}
	return resp, nil
}

// importKeys are the attributes an import id may name, after the id itself: the real provider
// imports most resources by id, but some by name or ARN (RDS by identifier, for one).
var importKeys = []string{"arn", "name", "identifier", "bucket", "function_name", "url"}

// ImportResourceState finds the resource in the simulated account by the id given to
// `terraform import` (or an import block).
func (s *Server) ImportResourceState(_ context.Context, req *tfprotov5.ImportResourceStateRequest) (*tfprotov5.ImportResourceStateResponse, error) {
	resp := &tfprotov5.ImportResourceStateResponse{}
	rs, ok := s.resources[req.TypeName]
	if !ok {
		resp.Diagnostics = unknownType("resource", req.TypeName)
		return resp, nil
	}
	var found map[string]any
	err := s.store.View(func(a *account.Account) error {
		if r, err := a.Resource(req.TypeName, req.ID); err == nil {
			found = deepCopy(r).(map[string]any)
			return nil
		}
		for _, id := range a.ResourceIDs(req.TypeName) {
			r, _ := a.Resource(req.TypeName, id)
			for _, k := range importKeys {
				if v, ok := r[k].(string); ok && v == req.ID {
					found = deepCopy(r).(map[string]any)
					return nil
				}
			}
		}
		return nil
	})
	if err == nil && found == nil {
		resp.Diagnostics = errorDiags(nil, "Cannot import non-existent remote object",
			fmt.Sprintf("While attempting to import an existing object to %s, the provider detected that no object exists "+
				"with the given id %q in the offline account %s.", req.TypeName, req.ID, s.store.AccountID()))
		return resp, nil
	}
	var state *tfprotov5.DynamicValue
	if err == nil {
		state, err = encode(rs.block.typ, found)
	}
	if err != nil {
		resp.Diagnostics = errorDiags(nil, fmt.Sprintf("importing %s (%s)", req.TypeName, req.ID), err.Error())
		return resp, nil
	}
	resp.ImportedResources = []*tfprotov5.ImportedResource{{TypeName: req.TypeName, State: state}}
	return resp, nil
}

// UpgradeResourceState reads the raw JSON state as it is, dropping attributes the schema no
// longer has: the offline provider has no state migrations.
func (s *Server) UpgradeResourceState(_ context.Context, req *tfprotov5.UpgradeResourceStateRequest) (*tfprotov5.UpgradeResourceStateResponse, error) {
	resp := &tfprotov5.UpgradeResourceStateResponse{}
	rs, ok := s.resources[req.TypeName]
	if !ok {
		resp.Diagnostics = unknownType("resource", req.TypeName)
		return resp, nil
	}
	if req.RawState == nil {
		return resp, nil
	}
	v, err := req.RawState.UnmarshalWithOpts(rs.block.typ, tfprotov5.UnmarshalOpts{
		ValueFromJSONOpts: tftypesJSONOpts,
	})
	if err != nil {
		resp.Diagnostics = errorDiags(nil, fmt.Sprintf("upgrading %s state", req.TypeName), err.Error())
		return resp, nil
	}
	dv, err := tfprotov5.NewDynamicValue(rs.block.typ, v)
	if err != nil {
		resp.Diagnostics = errorDiags(nil, fmt.Sprintf("upgrading %s state", req.TypeName), err.Error())
		return resp, nil
	}
	resp.UpgradedState = &dv
	return resp, nil
}

// tftypesJSONOpts lets a state written by another schema version be read: attributes the schema
// no longer has are dropped.
var tftypesJSONOpts = tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}
