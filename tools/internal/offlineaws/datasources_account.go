package offlineaws

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/tsumiki-dev/tsumiki/tools/internal/offlineaws/account"
)

// The data sources below look things up in the simulated account: what terraform created through
// this provider and what was seeded as existing outside terraform. Not finding it is an error
// worded like the real provider's, which is how a fresh account's missing prerequisites show.

// view runs fn on the simulated account.
func (s *Server) view(fn func(a *account.Account) error) error {
	return s.store.View(fn)
}

func readECRImage(s *Server, config map[string]any) (map[string]any, error) {
	cfg := s.config()
	out := deepCopy(config).(map[string]any)
	repo, _ := config["repository_name"].(string)
	tag, _ := config["image_tag"].(string)
	registry := cfg.accountID
	if r, ok := config["registry_id"].(string); ok && r != "" {
		registry = r
	}
	var found bool
	var repoExists bool
	err := s.view(func(a *account.Account) error {
		_, rerr := a.Resource("aws_ecr_repository", repo)
		repoExists = rerr == nil || len(a.ImageTags[repo]) > 0
		if tag == "" && config["most_recent"] == true && len(a.ImageTags[repo]) > 0 {
			tags := a.ImageTags[repo]
			tag = tags[len(tags)-1]
		}
		found = tag != "" && a.HasImage(repo, tag)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !repoExists {
		return nil, fmt.Errorf("reading ECR Images: operation error ECR: DescribeImages, RepositoryNotFoundException: "+
			"The repository with name '%s' does not exist in the registry with id '%s'", repo, registry)
	}
	if !found {
		return nil, fmt.Errorf("reading ECR Images: operation error ECR: DescribeImages, ImageNotFoundException: "+
			"The image with imageId {imageDigest:'null', imageTag:'%s'} does not exist within the repository with name "+
			"'%s' in the registry with id '%s' (offline account: no such tag was pushed)", tag, repo, registry)
	}
	digest := "sha256:" + hashOf(repo, tag)
	out["id"] = digest
	out["image_digest"] = digest
	out["image_tag"] = tag
	out["image_tags"] = []any{tag}
	out["registry_id"] = registry
	out["image_uri"] = fmt.Sprintf("%s.dkr.ecr.%s.amazonaws.com/%s@%s", registry, cfg.region, repo, digest)
	out["image_pushed_at"] = json.Number("1767225600")
	out["image_size_in_bytes"] = json.Number("0")
	return out, nil
}

func readS3Object(s *Server, config map[string]any) (map[string]any, error) {
	out := deepCopy(config).(map[string]any)
	bucket, _ := config["bucket"].(string)
	key, _ := config["key"].(string)
	var found bool
	if err := s.view(func(a *account.Account) error {
		found = objectExists(a, bucket, key)
		return nil
	}); err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("reading S3 Bucket (%s) Object (%s): couldn't find resource (offline account: nothing uploaded it)", bucket, key)
	}
	out["id"] = bucket + "/" + key
	out["arn"] = fmt.Sprintf("arn:aws:s3:::%s/%s", bucket, key)
	out["etag"] = hashOf(bucket, key)[:32]
	out["content_length"] = json.Number("0")
	out["content_type"] = "application/octet-stream"
	out["last_modified"] = "Thu, 01 Jan 2026 00:00:00 UTC"
	out["storage_class"] = "STANDARD"
	out["server_side_encryption"] = "AES256"
	out["metadata"] = map[string]any{}
	return out, nil
}

func readRoute53Zone(s *Server, config map[string]any) (map[string]any, error) {
	out := deepCopy(config).(map[string]any)
	wantID, _ := config["zone_id"].(string)
	wantName := strings.TrimSuffix(stringOr(config["name"]), ".")
	var id, name string
	if err := s.view(func(a *account.Account) error {
		for zid, zname := range a.HostedZones {
			if matchesZone(zid, zname, wantID, wantName) {
				id, name = zid, zname
			}
		}
		for _, rid := range a.ResourceIDs("aws_route53_zone") {
			r, _ := a.Resource("aws_route53_zone", rid)
			if matchesZone(rid, stringOr(r["name"]), wantID, wantName) {
				id, name = rid, stringOr(r["name"])
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if id == "" {
		return nil, fmt.Errorf("no matching Route 53 Hosted Zone found (offline account: seed the zone or create an aws_route53_zone)")
	}
	name = strings.TrimSuffix(name, ".")
	out["id"] = id
	out["zone_id"] = id
	out["name"] = name
	out["arn"] = "arn:aws:route53:::hostedzone/" + id
	out["private_zone"] = false
	out["name_servers"] = []any{"ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk", "ns-3.awsdns-03.com", "ns-4.awsdns-04.net"}
	out["primary_name_server"] = "ns-1.awsdns-01.org"
	out["caller_reference"] = id
	out["comment"] = ""
	out["resource_record_set_count"] = json.Number("2")
	out["linked_service_description"] = ""
	out["linked_service_principal"] = ""
	return out, nil
}

func matchesZone(id, name, wantID, wantName string) bool {
	if wantID != "" {
		return id == wantID
	}
	return strings.EqualFold(strings.TrimSuffix(name, "."), wantName)
}

func readSecret(s *Server, config map[string]any) (map[string]any, error) {
	out := deepCopy(config).(map[string]any)
	want := stringOr(config["arn"])
	if want == "" {
		want = stringOr(config["name"])
	}
	var arn, name string
	if err := s.view(func(a *account.Account) error {
		for _, id := range a.ResourceIDs("aws_secretsmanager_secret") {
			r, _ := a.Resource("aws_secretsmanager_secret", id)
			if r["arn"] == want || r["name"] == want {
				arn, name = stringOr(r["arn"]), stringOr(r["name"])
			}
		}
		// Secrets RDS manages for a master user exist too.
		for _, id := range a.ResourceIDs("aws_db_instance") {
			r, _ := a.Resource("aws_db_instance", id)
			for _, e := range asList(r["master_user_secret"]) {
				sa := stringOr(asObject(e)["secret_arn"])
				n := secretNameFromARN(sa)
				if sa == want || n == want {
					arn, name = sa, n
				}
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if arn == "" {
		return nil, fmt.Errorf("reading Secrets Manager Secret (%s): ResourceNotFoundException: Secrets Manager can't find the specified secret", want)
	}
	out["id"] = arn
	out["arn"] = arn
	out["name"] = name
	for _, k := range []string{"description", "kms_key_id", "policy"} {
		if out[k] == nil {
			out[k] = ""
		}
	}
	out["created_date"] = "2026-01-01T00:00:00Z"
	out["last_changed_date"] = "2026-01-01T00:00:00Z"
	return out, nil
}

// secretNameFromARN drops the "secret:" prefix and the 7-character "-XXXXXX" suffix.
func secretNameFromARN(arn string) string {
	i := strings.Index(arn, ":secret:")
	if i < 0 {
		return ""
	}
	n := arn[i+len(":secret:"):]
	if len(n) > 7 {
		n = n[:len(n)-7]
	}
	return n
}

func readOIDCProvider(s *Server, config map[string]any) (map[string]any, error) {
	out := deepCopy(config).(map[string]any)
	wantARN := stringOr(config["arn"])
	wantURL := strings.TrimPrefix(stringOr(config["url"]), "https://")
	var found map[string]any
	if err := s.view(func(a *account.Account) error {
		for _, id := range a.ResourceIDs("aws_iam_openid_connect_provider") {
			r, _ := a.Resource("aws_iam_openid_connect_provider", id)
			if (wantARN != "" && r["arn"] == wantARN) || (wantURL != "" && strings.TrimPrefix(stringOr(r["url"]), "https://") == wantURL) {
				found = deepCopy(r).(map[string]any)
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if found == nil {
		return nil, fmt.Errorf("reading IAM OIDC Provider: couldn't find resource (offline account: create an aws_iam_openid_connect_provider or seed one)")
	}
	for _, k := range []string{"id", "arn", "url", "client_id_list", "thumbprint_list", "tags"} {
		out[k] = found[k]
	}
	return out, nil
}

func stringOr(g any) string {
	s, _ := g.(string)
	return s
}
