// Package tfmake holds the tests of the make orchestration in mk/tf.mk, mk/tf.sh and
// mk/test.sh. The tf tests (make tf/init, tf/plan, tf/drift, apply) run make in a scratch git
// repository with a stand-in terraform and destroy guard on PATH that record their calls, so the
// parameter checks, the order of steps and the refusal cases are tested without AWS or
// providers. The test.sh tests run its summary over a scratch Makefile whose steps pass, fail
// and skip.
package tfmake
