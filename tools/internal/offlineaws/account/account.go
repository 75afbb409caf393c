// Package account is the simulated AWS account behind the offline hashicorp/aws provider
// (package offlineaws): the resources terraform created through it, and what exists in an account
// without terraform (a Route 53 hosted zone, an uploaded S3 object, an image tag pushed to ECR, the
// status of an ACM certificate).
//
// A Store is either in memory (one per provider process: enough for validate, plan and
// `terraform test`) or a directory holding one JSON file per account id, shared by every provider
// process terraform starts and by tools that seed or inspect the account (the rehearsal). Writers
// hold an exclusive flock on <dir>/<account>.lock; readers a shared one.
//
// Errors: Open and the Store methods return wrapped I/O and JSON errors; ErrNotFound is returned
// by Account.Resource when no resource of that type and id exists.
package account

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"syscall"
)

// The environment of the offline provider and of the tools that drive it (tfwhoami, the
// rehearsal): defined here, in a package without the provider's dependencies, and read everywhere
// else through these names.
const (
	// EnvAccountID names the variable holding the caller's account id.
	EnvAccountID = "TSUMIKI_OFFLINE_AWS_ACCOUNT_ID"
	// EnvStateDir names the variable holding the directory of the simulated accounts.
	EnvStateDir = "TSUMIKI_OFFLINE_AWS_STATE_DIR"
	// DefaultAccountID is the caller's account id when EnvAccountID is unset.
	DefaultAccountID = "123456789012"
)

// ErrNotFound is returned when the account holds no such resource.
var ErrNotFound = errors.New("not found in the simulated account")

// Certificate statuses as ACM reports them (DescribeCertificate's Status).
const (
	// CertificateIssued is the status of a certificate a listener can use.
	CertificateIssued = "ISSUED"
	// CertificatePendingValidation is the status of a requested certificate whose DNS validation
	// records do not exist yet.
	CertificatePendingValidation = "PENDING_VALIDATION"
)

// Account is the content of one simulated account. The zero value is an empty account; the maps
// are created on first write.
type Account struct {
	// ID is the 12-digit account id.
	ID string `json:"account_id"`
	// Resources maps a terraform resource type to the resources of that type by id, each the
	// resource's full state object as plain JSON values.
	Resources map[string]map[string]map[string]any `json:"resources,omitempty"`
	// Objects maps an S3 bucket name to the keys of objects that exist in it without terraform.
	Objects map[string][]string `json:"objects,omitempty"`
	// ImageTags maps an ECR repository name to the image tags pushed to it.
	ImageTags map[string][]string `json:"image_tags,omitempty"`
	// HostedZones maps a Route 53 hosted zone id to its domain name, for zones that exist
	// without terraform.
	HostedZones map[string]string `json:"hosted_zones,omitempty"`
	// Certificates maps an ACM certificate ARN to its status (CertificateIssued, ...), for
	// certificates that exist without terraform.
	Certificates map[string]string `json:"certificates,omitempty"`
	// Sequence counts the ids this account handed out; it makes generated ids unique and
	// deterministic for the same sequence of applies.
	Sequence int64 `json:"sequence,omitempty"`
}

// Resource returns the state of the resource of typeName with id, or ErrNotFound.
func (a *Account) Resource(typeName, id string) (map[string]any, error) {
	r, ok := a.Resources[typeName][id]
	if !ok {
		return nil, fmt.Errorf("%s %q: %w", typeName, id, ErrNotFound)
	}
	return r, nil
}

// ResourceIDs returns the ids of every resource of typeName, sorted.
func (a *Account) ResourceIDs(typeName string) []string {
	ids := make([]string, 0, len(a.Resources[typeName]))
	for id := range a.Resources[typeName] {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// PutResource stores (creates or replaces) the state of a resource.
func (a *Account) PutResource(typeName, id string, state map[string]any) {
	if a.Resources == nil {
		a.Resources = map[string]map[string]map[string]any{}
	}
	if a.Resources[typeName] == nil {
		a.Resources[typeName] = map[string]map[string]any{}
	}
	a.Resources[typeName][id] = state
}

// DeleteResource removes a resource; removing one that does not exist is not an error.
func (a *Account) DeleteResource(typeName, id string) {
	delete(a.Resources[typeName], id)
	if len(a.Resources[typeName]) == 0 {
		delete(a.Resources, typeName)
	}
}

// PutObject records an S3 object uploaded without terraform.
func (a *Account) PutObject(bucket, key string) {
	if a.Objects == nil {
		a.Objects = map[string][]string{}
	}
	a.Objects[bucket] = addSorted(a.Objects[bucket], key)
}

// HasObject reports whether an S3 object was uploaded without terraform.
func (a *Account) HasObject(bucket, key string) bool {
	return contains(a.Objects[bucket], key)
}

// PushImage records an image tag pushed to an ECR repository.
func (a *Account) PushImage(repository, tag string) {
	if a.ImageTags == nil {
		a.ImageTags = map[string][]string{}
	}
	a.ImageTags[repository] = addSorted(a.ImageTags[repository], tag)
}

// HasImage reports whether an image tag was pushed to an ECR repository.
func (a *Account) HasImage(repository, tag string) bool {
	return contains(a.ImageTags[repository], tag)
}

// AddHostedZone records a Route 53 hosted zone that exists without terraform.
func (a *Account) AddHostedZone(id, name string) {
	if a.HostedZones == nil {
		a.HostedZones = map[string]string{}
	}
	a.HostedZones[id] = name
}

// SetCertificateStatus records an ACM certificate that exists without terraform, or changes the
// status of one.
func (a *Account) SetCertificateStatus(arn, status string) {
	if a.Certificates == nil {
		a.Certificates = map[string]string{}
	}
	a.Certificates[arn] = status
}

// NextSequence returns the next number of the account's id sequence.
func (a *Account) NextSequence() int64 {
	a.Sequence++
	return a.Sequence
}

func addSorted(list []string, s string) []string {
	if contains(list, s) {
		return list
	}
	list = append(list, s)
	sort.Strings(list)
	return list
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// Store holds one simulated account, in memory or in a directory shared between processes.
type Store struct {
	dir       string
	accountID string

	mu  sync.Mutex
	mem *Account
}

// Open returns the store of accountID. With dir empty the account lives in memory for the life
// of the Store; otherwise in dir/<accountID>.json, created on first write (dir is created too).
func Open(dir, accountID string) *Store {
	return &Store{dir: dir, accountID: accountID}
}

// Persistent reports whether the account outlives the process (a directory backs it).
func (s *Store) Persistent() bool { return s.dir != "" }

// AccountID returns the id of the account the store holds.
func (s *Store) AccountID() string { return s.accountID }

// Path returns the JSON file of the account, or "" for an in-memory store.
func (s *Store) Path() string {
	if s.dir == "" {
		return ""
	}
	return filepath.Join(s.dir, s.accountID+".json")
}

// View calls fn with the current content of the account. fn must not keep or modify it.
func (s *Store) View(fn func(a *Account) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dir == "" {
		return fn(s.memory())
	}
	unlock, err := s.lock(syscall.LOCK_SH)
	if err != nil {
		return err
	}
	defer unlock()
	a, err := s.load()
	if err != nil {
		return err
	}
	return fn(a)
}

// Update calls fn with the account and stores what fn left in it, unless fn returns an error, in
// which case nothing is stored and the error is returned.
func (s *Store) Update(fn func(a *Account) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dir == "" {
		// Work on a copy so that a failed fn leaves the account as it was.
		cp, err := clone(s.memory())
		if err != nil {
			return err
		}
		if err := fn(cp); err != nil {
			return err
		}
		s.mem = cp
		return nil
	}
	unlock, err := s.lock(syscall.LOCK_EX)
	if err != nil {
		return err
	}
	defer unlock()
	a, err := s.load()
	if err != nil {
		return err
	}
	if err := fn(a); err != nil {
		return err
	}
	return s.save(a)
}

func (s *Store) memory() *Account {
	if s.mem == nil {
		s.mem = &Account{ID: s.accountID}
	}
	return s.mem
}

func clone(a *Account) (*Account, error) {
	b, err := json.Marshal(a)
	if err != nil {
		return nil, fmt.Errorf("copy account %s: %w", a.ID, err)
	}
	out := &Account{}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(out); err != nil {
		return nil, fmt.Errorf("copy account %s: %w", a.ID, err)
	}
	return out, nil
}

func (s *Store) lock(how int) (func(), error) {
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return nil, fmt.Errorf("create account directory: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(s.dir, s.accountID+".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open account lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), how); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("lock account %s: %w", s.accountID, err)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		_ = f.Close()
	}, nil
}

func (s *Store) load() (*Account, error) {
	b, err := os.ReadFile(s.Path())
	if errors.Is(err, os.ErrNotExist) {
		return &Account{ID: s.accountID}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read account: %w", err)
	}
	a := &Account{}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(a); err != nil {
		return nil, fmt.Errorf("parse account %s: %w", s.Path(), err)
	}
	if a.ID == "" {
		a.ID = s.accountID
	}
	return a, nil
}

func (s *Store) save(a *Account) error {
	b, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		return fmt.Errorf("encode account %s: %w", a.ID, err)
	}
	tmp, err := os.CreateTemp(s.dir, s.accountID+".*.tmp")
	if err != nil {
		return fmt.Errorf("write account: %w", err)
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("write account: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write account: %w", err)
	}
	if err := os.Rename(tmp.Name(), s.Path()); err != nil {
		return fmt.Errorf("write account: %w", err)
	}
	return nil
}
