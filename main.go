// Command terraform-provider-huaweicloud serves the Huawei Cloud SMS provider
// to Terraform over the plugin protocol.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/smsops/terraform-provider-huaweicloud/internal/provider"
)

// version is set by the release build (goreleaser ldflags).
var version = "dev"

// Address is the provider's registry address; dev_overrides use it too.
const address = "registry.terraform.io/smsops/huaweicloud"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: address,
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
