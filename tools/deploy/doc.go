// Package deploy holds deploy.sh, the one deploy procedure that `make deploy SERVICE= ENV=`
// and .github/workflows/deploy.yml run; Resolve, the cloud-side names a deploy works on as
// terraform names them (tools/cmd/deploynames prints them for deploy.sh); and the tests: they
// put stand-in aws, docker, go, git and zip commands on PATH that record every call, then
// check the step order and the skip logic (image or package already there, failed migration,
// dirty tree for prd).
package deploy
