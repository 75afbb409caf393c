package deploy

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// packagePrefix starts the description of every version the deploy publishes: the package's
// S3 location follows, so a rollback can put that code back.
const packagePrefix = "package s3://"

// isNotFound says whether err is S3's answer for a missing object (HeadObject has no body,
// so it is a bare 404 NotFound).
func isNotFound(err error) bool {
	var nf *s3types.NotFound
	var api smithy.APIError
	return errors.As(err, &nf) || (errors.As(err, &api) && (api.ErrorCode() == "NotFound" || api.ErrorCode() == "NoSuchKey"))
}

// upload puts the built package into the artifacts bucket, unless it is there already.
func (d *Deployer) upload(ctx context.Context) error {
	exists, err := d.Exists(ctx)
	if err != nil {
		return err
	}
	where := "s3://" + d.Names.ArtifactsBucket + "/" + d.PackageKey()
	if exists {
		d.logf("%s is uploaded already: not uploaded again", where)
		return nil
	}
	path := filepath.Join(d.PackageDir, d.Names.Service+".zip")
	f, err := d.Open(path)
	if err != nil {
		return fmt.Errorf("open the package (run the build step first): %w", err)
	}
	defer f.Close()
	d.logf("upload %s to %s", path, where)
	if _, err := d.S3.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(d.Names.ArtifactsBucket), Key: aws.String(d.PackageKey()), Body: f,
	}); err != nil {
		return fmt.Errorf("upload %s: %w", where, err)
	}
	return nil
}

// publish points the function's code at the package bucket/key, waits for the update and
// publishes a version whose description names the package.
func (d *Deployer) publish(ctx context.Context, bucket, key string) error {
	fn := d.Names.Function
	d.logf("update %s's code to s3://%s/%s", fn, bucket, key)
	up, err := d.Lambda.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{
		FunctionName: aws.String(fn), S3Bucket: aws.String(bucket), S3Key: aws.String(key),
	})
	if err != nil {
		return fmt.Errorf("update %s's code: %w", fn, err)
	}
	if err := d.waitFunction(ctx); err != nil {
		return err
	}
	v, err := d.Lambda.PublishVersion(ctx, &lambda.PublishVersionInput{
		FunctionName: aws.String(fn),
		CodeSha256:   up.CodeSha256,
		Description:  aws.String(packagePrefix + bucket + "/" + key),
	})
	if err != nil {
		return fmt.Errorf("publish a version of %s: %w", fn, err)
	}
	d.logf("published %s version %s", fn, aws.ToString(v.Version))
	return nil
}

// waitFunction waits until the function's last update is done; a failed one is an error.
func (d *Deployer) waitFunction(ctx context.Context) error {
	fn := d.Names.Function
	return d.poll(ctx, fn+"'s update", func() (bool, error) {
		c, err := d.Lambda.GetFunctionConfiguration(ctx, &lambda.GetFunctionConfigurationInput{FunctionName: aws.String(fn)})
		if err != nil {
			return false, fmt.Errorf("read %s: %w", fn, err)
		}
		switch c.LastUpdateStatus {
		case lambdatypes.LastUpdateStatusFailed:
			return false, fmt.Errorf("%s's update failed: %s", fn, aws.ToString(c.LastUpdateStatusReason))
		case lambdatypes.LastUpdateStatusSuccessful:
			if c.State == lambdatypes.StateActive {
				d.logf("%s is active with code %s", fn, aws.ToString(c.CodeSha256))
				return true, nil
			}
		}
		return false, nil
	})
}

// rollbackFunction republishes the code of the version published before the newest one
// (read from the description publish writes) and waits.
func (d *Deployer) rollbackFunction(ctx context.Context) error {
	fn := d.Names.Function
	var versions []lambdatypes.FunctionConfiguration
	var marker *string
	for {
		out, err := d.Lambda.ListVersionsByFunction(ctx, &lambda.ListVersionsByFunctionInput{FunctionName: aws.String(fn), Marker: marker})
		if err != nil {
			return fmt.Errorf("list %s's versions: %w", fn, err)
		}
		for _, v := range out.Versions {
			if _, err := strconv.Atoi(aws.ToString(v.Version)); err == nil { // $LATEST is not a published version
				versions = append(versions, v)
			}
		}
		if marker = out.NextMarker; marker == nil {
			break
		}
	}
	sort.Slice(versions, func(i, j int) bool {
		a, _ := strconv.Atoi(aws.ToString(versions[i].Version))
		b, _ := strconv.Atoi(aws.ToString(versions[j].Version))
		return a > b
	})
	if len(versions) < 2 {
		return fmt.Errorf("%s has %d published version(s): nothing to roll back to", fn, len(versions))
	}
	newest := versions[0]
	var previous *lambdatypes.FunctionConfiguration
	for i := 1; i < len(versions); i++ {
		if aws.ToString(versions[i].CodeSha256) != aws.ToString(newest.CodeSha256) {
			previous = &versions[i]
			break
		}
	}
	if previous == nil {
		return fmt.Errorf("every published version of %s runs the newest code: nothing to roll back to", fn)
	}
	location, ok := strings.CutPrefix(aws.ToString(previous.Description), packagePrefix)
	bucket, key, found := strings.Cut(location, "/")
	if !ok || !found {
		return fmt.Errorf("%s version %s does not name its package (description %q): deploy that revision again instead (IMAGE_TAG=<commit> make deploy SERVICE=%s ENV=%s)",
			fn, aws.ToString(previous.Version), aws.ToString(previous.Description), d.Names.Service, d.Env)
	}
	d.logf("roll back %s from version %s to the code of version %s (s3://%s/%s)", fn, aws.ToString(newest.Version), aws.ToString(previous.Version), bucket, key)
	return d.publish(ctx, bucket, key)
}
