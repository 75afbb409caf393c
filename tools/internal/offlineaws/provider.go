package offlineaws

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tsumiki-dev/tsumiki/tools/internal/offlineaws/account"
)

// Environment variables the provider reads.
const (
	// EnvAccountID names the variable holding the caller's account id (defined in package
	// account, which tools that do not serve the provider import without its dependencies).
	EnvAccountID = account.EnvAccountID
	// EnvStateDir names the variable holding the directory of the simulated accounts.
	EnvStateDir = account.EnvStateDir
	// DefaultAccountID is the caller's account id when EnvAccountID is unset.
	DefaultAccountID = account.DefaultAccountID
	// ProviderAddress is the registry address the provider serves as.
	ProviderAddress = "registry.terraform.io/hashicorp/aws"
)

// Server is the offline hashicorp/aws provider: a tfprotov5.ProviderServer.
type Server struct {
	schema      *Schema
	provider    *resourceSchema
	resources   map[string]*resourceSchema
	dataSources map[string]*resourceSchema
	getenv      func(string) string
	store       *account.Store

	mu  sync.Mutex
	cfg providerConfig
}

// providerConfig is what ConfigureProvider learnt from the provider block.
type providerConfig struct {
	configured  bool
	region      string
	accountID   string
	defaultTags any // map[string]any, nil, or Unknown
}

// New returns a provider serving schema, with the simulated account chosen by the environment
// (EnvAccountID, EnvStateDir) as read through getenv.
func New(schema *Schema, getenv func(string) string) (*Server, error) {
	accountID := getenv(EnvAccountID)
	if accountID == "" {
		accountID = DefaultAccountID
	}
	return NewWithStore(schema, getenv, account.Open(getenv(EnvStateDir), accountID))
}

// NewWithStore is New with the simulated account given.
func NewWithStore(schema *Schema, getenv func(string) string, store *account.Store) (*Server, error) {
	s := &Server{
		schema:      schema,
		resources:   map[string]*resourceSchema{},
		dataSources: map[string]*resourceSchema{},
		getenv:      getenv,
		store:       store,
	}
	var err error
	if s.provider, err = compileResource("provider", Resource{Block: schema.Provider}, nil); err != nil {
		return nil, err
	}
	for name, r := range schema.Resources {
		computed := map[string]bool{}
		for a := range computedWhenUnset[name] {
			computed[a] = true
		}
		for a := range defaultWhenUnset[name] {
			computed[a] = true
		}
		if s.resources[name], err = compileResource(name, r, computed); err != nil {
			return nil, err
		}
	}
	for name, r := range schema.DataSources {
		if s.dataSources[name], err = compileResource(name, r, nil); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Store returns the simulated account the provider works on.
func (s *Server) Store() *account.Store { return s.store }

var _ tfprotov5.ProviderServer = (*Server)(nil)

// GetMetadata lists the resource types and data sources.
func (s *Server) GetMetadata(context.Context, *tfprotov5.GetMetadataRequest) (*tfprotov5.GetMetadataResponse, error) {
	resp := &tfprotov5.GetMetadataResponse{ServerCapabilities: s.capabilities()}
	for _, name := range sortedKeys(s.resources) {
		resp.Resources = append(resp.Resources, tfprotov5.ResourceMetadata{TypeName: name})
	}
	for _, name := range sortedKeys(s.dataSources) {
		resp.DataSources = append(resp.DataSources, tfprotov5.DataSourceMetadata{TypeName: name})
	}
	return resp, nil
}

func (s *Server) capabilities() *tfprotov5.ServerCapabilities {
	return &tfprotov5.ServerCapabilities{PlanDestroy: true}
}

// GetProviderSchema serves the schema.
func (s *Server) GetProviderSchema(context.Context, *tfprotov5.GetProviderSchemaRequest) (*tfprotov5.GetProviderSchemaResponse, error) {
	resp := &tfprotov5.GetProviderSchemaResponse{
		ServerCapabilities: s.capabilities(),
		Provider:           s.provider.proto,
		ResourceSchemas:    map[string]*tfprotov5.Schema{},
		DataSourceSchemas:  map[string]*tfprotov5.Schema{},
	}
	for name, r := range s.resources {
		resp.ResourceSchemas[name] = r.proto
	}
	for name, r := range s.dataSources {
		resp.DataSourceSchemas[name] = r.proto
	}
	return resp, nil
}

// GetResourceIdentitySchemas serves no identity schemas.
func (s *Server) GetResourceIdentitySchemas(context.Context, *tfprotov5.GetResourceIdentitySchemasRequest) (*tfprotov5.GetResourceIdentitySchemasResponse, error) {
	return &tfprotov5.GetResourceIdentitySchemasResponse{IdentitySchemas: map[string]*tfprotov5.ResourceIdentitySchema{}}, nil
}

// PrepareProviderConfig accepts the provider configuration as it is.
func (s *Server) PrepareProviderConfig(_ context.Context, req *tfprotov5.PrepareProviderConfigRequest) (*tfprotov5.PrepareProviderConfigResponse, error) {
	return &tfprotov5.PrepareProviderConfigResponse{PreparedConfig: req.Config}, nil
}

// StopProvider has nothing to stop: every call finishes at once.
func (s *Server) StopProvider(context.Context, *tfprotov5.StopProviderRequest) (*tfprotov5.StopProviderResponse, error) {
	return &tfprotov5.StopProviderResponse{}, nil
}

// UpgradeResourceIdentity is not supported: no resource has an identity schema.
func (s *Server) UpgradeResourceIdentity(_ context.Context, req *tfprotov5.UpgradeResourceIdentityRequest) (*tfprotov5.UpgradeResourceIdentityResponse, error) {
	return &tfprotov5.UpgradeResourceIdentityResponse{Diagnostics: errorDiags(nil,
		"Resource identity not supported", fmt.Sprintf("the offline provider has no identity schema for %s", req.TypeName))}, nil
}

// MoveResourceState is not supported (not advertised in the server capabilities).
func (s *Server) MoveResourceState(_ context.Context, req *tfprotov5.MoveResourceStateRequest) (*tfprotov5.MoveResourceStateResponse, error) {
	return &tfprotov5.MoveResourceStateResponse{Diagnostics: errorDiags(nil,
		"Move resource state not supported", fmt.Sprintf("the offline provider cannot move %s to %s", req.SourceTypeName, req.TargetTypeName))}, nil
}

// GenerateResourceConfig is not supported.
func (s *Server) GenerateResourceConfig(_ context.Context, req *tfprotov5.GenerateResourceConfigRequest) (*tfprotov5.GenerateResourceConfigResponse, error) {
	return &tfprotov5.GenerateResourceConfigResponse{Diagnostics: errorDiags(nil,
		"Configuration generation not supported", fmt.Sprintf("the offline provider cannot generate configuration for %s", req.TypeName))}, nil
}

// CallFunction fails: the offline provider serves no provider functions.
func (s *Server) CallFunction(_ context.Context, req *tfprotov5.CallFunctionRequest) (*tfprotov5.CallFunctionResponse, error) {
	return &tfprotov5.CallFunctionResponse{Error: &tfprotov5.FunctionError{
		Text: fmt.Sprintf("the offline provider serves no function %q", req.Name)}}, nil
}

// GetFunctions serves no provider functions.
func (s *Server) GetFunctions(context.Context, *tfprotov5.GetFunctionsRequest) (*tfprotov5.GetFunctionsResponse, error) {
	return &tfprotov5.GetFunctionsResponse{Functions: map[string]*tfprotov5.Function{}}, nil
}

// ValidateEphemeralResourceConfig fails: the offline provider serves no ephemeral resources.
func (s *Server) ValidateEphemeralResourceConfig(_ context.Context, req *tfprotov5.ValidateEphemeralResourceConfigRequest) (*tfprotov5.ValidateEphemeralResourceConfigResponse, error) {
	return &tfprotov5.ValidateEphemeralResourceConfigResponse{Diagnostics: noEphemeral(req.TypeName)}, nil
}

// OpenEphemeralResource fails: the offline provider serves no ephemeral resources.
func (s *Server) OpenEphemeralResource(_ context.Context, req *tfprotov5.OpenEphemeralResourceRequest) (*tfprotov5.OpenEphemeralResourceResponse, error) {
	return &tfprotov5.OpenEphemeralResourceResponse{Diagnostics: noEphemeral(req.TypeName)}, nil
}

// RenewEphemeralResource fails: the offline provider serves no ephemeral resources.
func (s *Server) RenewEphemeralResource(context.Context, *tfprotov5.RenewEphemeralResourceRequest) (*tfprotov5.RenewEphemeralResourceResponse, error) {
	return &tfprotov5.RenewEphemeralResourceResponse{Diagnostics: noEphemeral("")}, nil
}

// CloseEphemeralResource fails: the offline provider serves no ephemeral resources.
func (s *Server) CloseEphemeralResource(_ context.Context, req *tfprotov5.CloseEphemeralResourceRequest) (*tfprotov5.CloseEphemeralResourceResponse, error) {
	return &tfprotov5.CloseEphemeralResourceResponse{Diagnostics: noEphemeral(req.TypeName)}, nil
}

func noEphemeral(typeName string) []*tfprotov5.Diagnostic {
	return errorDiags(nil, "Ephemeral resources not supported",
		fmt.Sprintf("the offline provider serves no ephemeral resource %q", typeName))
}

// errorDiags returns one error diagnostic, at path when path is not nil.
func errorDiags(path *tftypes.AttributePath, summary, detail string) []*tfprotov5.Diagnostic {
	return []*tfprotov5.Diagnostic{{Severity: tfprotov5.DiagnosticSeverityError, Summary: summary, Detail: detail, Attribute: path}}
}

// decode unmarshals a DynamicValue of type t into a plain Go value (nil when v is nil).
func decode(t tftypes.Type, v *tfprotov5.DynamicValue) (any, error) {
	if v == nil {
		return nil, nil
	}
	tv, err := v.Unmarshal(t)
	if err != nil {
		return nil, fmt.Errorf("decode value: %w", err)
	}
	return fromValue(tv)
}

// encode marshals a plain Go value of type t into a DynamicValue.
func encode(t tftypes.Type, g any) (*tfprotov5.DynamicValue, error) {
	tv, err := toValue(t, g)
	if err != nil {
		return nil, fmt.Errorf("encode value: %w", err)
	}
	dv, err := tfprotov5.NewDynamicValue(t, tv)
	if err != nil {
		return nil, fmt.Errorf("encode value: %w", err)
	}
	return &dv, nil
}

// asObject returns g as an object, or nil when it is null.
func asObject(g any) map[string]any {
	m, _ := g.(map[string]any)
	return m
}
