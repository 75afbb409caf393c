// Package tfmake holds the tests of the terraform orchestration in mk/tf.mk and mk/tf.sh
// (make tf/init, tf/plan, tf/drift, apply). They run make in a scratch git repository with a
// stand-in terraform and destroy guard on PATH that record their calls, so the parameter
// checks, the order of steps and the refusal cases are tested without AWS or providers.
package tfmake
