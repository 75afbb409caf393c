// Package lib is a fixture for the exported-identifier rules.
package lib

// Documented is fine.
func Documented() {}

func Missing() {} // want `exported function Missing should have comment or be unexported`

// this comment does not start with the name. // want `comment on exported function Wrong should be of the form "Wrong ..."`
func Wrong() {}

// documentedLower starts with the name, first letter lower-cased. // want `comment on exported function DocumentedLower should be of the form "DocumentedLower ..." to match its exported status, not "documentedLower ..."`
func DocumentedLower() {}

// A Thing may start with an article.
type Thing struct{}

type Bare struct{} // want `exported type Bare should have comment or be unexported`

// Method is documented.
func (Thing) Method() {}

func (Thing) Undocumented() {} // want `exported method Thing.Undocumented should have comment or be unexported`

// String needs no comment: it is a common method.
func (Thing) String() string { return "" }

type hidden struct{}

// Exported methods of unexported types are not checked.
func (hidden) Exported() {}

// Grouped constants rely on the block's comment.
const (
	One = 1
	Two = 2
)

const (
	Three = 3 // want `exported const Three should have comment \(or a comment on this block\) or be unexported`
	Four  = 4
)

var Loose = 1 // want `exported var Loose should have comment or be unexported`

var A, B = 1, 2 // want `exported var B should have its own declaration`

// Deprecated: a deprecation paragraph alone is not a doc comment.
func Old() {} // want `exported function Old should have comment or be unexported`
