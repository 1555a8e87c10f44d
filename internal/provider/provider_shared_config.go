package provider

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// The shared config file (KooCLI's, as the official provider reads it): its
// profile's credentials, region, project and agency.

// sharedConfig is KooCLI's configuration file (hcloud configure).
type sharedConfig struct {
	Current  string          `json:"current"`
	Profiles []sharedProfile `json:"profiles"`
}

type sharedProfile struct {
	Name             string `json:"name"`
	Mode             string `json:"mode"`
	AccessKeyID      string `json:"accessKeyId"`
	SecretAccessKey  string `json:"secretAccessKey"`
	SecurityToken    string `json:"securityToken"`
	Region           string `json:"region"`
	ProjectID        string `json:"projectId"`
	DomainID         string `json:"domainId"`
	AgencyDomainID   string `json:"agencyDomainId"`
	AgencyDomainName string `json:"agencyDomainName"`
	AgencyName       string `json:"agencyName"`
	SSOAuth          struct {
		STSToken struct {
			AccessKeyID     string `json:"accessKeyId"`
			SecretAccessKey string `json:"secretAccessKey"`
			SecurityToken   string `json:"securityToken"`
		} `json:"stsToken"`
	} `json:"ssoAuth"`
}

// sharedConfig reads the profile into c. As in the official provider, the
// profile's region, project ID and account ID win over the provider block
// and the environment; a warning names each value they replace. It returns
// the profile's agency, if it names one.
func (r credentialResolver) sharedConfig(c *sms.Config) *sms.AssumeRole {
	file := r.str(r.m.SharedConfigFile, "shared_config_file", envSharedConfigFile)
	name := r.str(r.m.Profile, "profile", envProfile)
	if file == "" {
		file = defaultSharedConfigFile
	}
	fileAttr := path.Root("shared_config_file")
	p, err := expandHome(file)
	var data []byte
	if err == nil {
		data, err = os.ReadFile(p)
	}
	if err != nil {
		r.diags.AddAttributeError(fileAttr, "Unreadable Shared Config File", fmt.Sprintf("The shared config file %s cannot be read: %v.", file, err))
		return nil
	}
	var cfg sharedConfig
	if err := json.Unmarshal(data, &cfg); err != nil {
		r.diags.AddAttributeError(fileAttr, "Invalid Shared Config File", fmt.Sprintf("The shared config file %s is not KooCLI's JSON configuration: %v.", file, err))
		return nil
	}
	if name == "" {
		name = cfg.Current
	}
	var prof *sharedProfile
	for i := range cfg.Profiles {
		if cfg.Profiles[i].Name == name {
			prof = &cfg.Profiles[i]
		}
	}
	if prof == nil {
		r.diags.AddAttributeError(path.Root("profile"), "Unknown Profile", fmt.Sprintf("The shared config file %s has no profile named %q.", file, name))
		return nil
	}
	ak, sk, st := prof.AccessKeyID, prof.SecretAccessKey, prof.SecurityToken
	if strings.EqualFold(prof.Mode, "SSO") {
		t := prof.SSOAuth.STSToken
		ak, sk, st = t.AccessKeyID, t.SecretAccessKey, t.SecurityToken
	}
	if ak == "" || sk == "" {
		r.diags.AddAttributeError(path.Root("profile"), "Profile Without Keys", fmt.Sprintf(
			"Profile %q of %s holds no access key pair. If KooCLI encrypts its credentials, run `hcloud configure set --cli-auth-encrypt=false`; or use another way to authenticate.", name, file))
		return nil
	}
	c.AccessKey, c.SecretKey, c.SecurityToken = ak, sk, st
	override := func(dst *string, attr, value string) {
		if value == "" {
			return
		}
		if *dst != "" && *dst != value {
			r.diags.AddAttributeWarning(path.Root(attr), "Shared Config Profile Replaces Argument",
				fmt.Sprintf("Profile %q sets %s to %q, which replaces %q from the provider block or the environment, as the official provider does.", name, attr, value, *dst))
		}
		*dst = value
	}
	override(&c.Region, "region", prof.Region)
	override(&c.ProjectID, "project_id", prof.ProjectID)
	override(&c.DomainID, "domain_id", prof.DomainID)
	if prof.AgencyName == "" {
		return nil
	}
	return &sms.AssumeRole{AgencyName: prof.AgencyName, DomainID: prof.AgencyDomainID, DomainName: prof.AgencyDomainName}
}

// expandHome resolves a leading ~/ to the home directory.
func expandHome(p string) (string, error) {
	if p != "~" && !strings.HasPrefix(p, "~/") {
		return p, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", errors.New("the home directory is unknown")
	}
	return filepath.Join(home, strings.TrimPrefix(p, "~")), nil
}
